/**
 * What the server adds to the LLM's own time, against the physical floor in the same run:
 * a local OpenAI-compatible upstream with a fixed time to first token and per-token delay; the
 * floor (bare Socket.IO relaying it through the openai SDK) and Answerdesk (embedded defaults:
 * SQLite, in-process hybrid index over the Arduino help center) on that upstream; visitors on
 * real Socket.IO clients, one asking in sequence and many at once with think time. Loopback
 * only, bounded in count. Writes bench/results/latency.json.
 *
 * Env: BENCH_SEQUENTIAL (questions for 1 visitor, default 300), BENCH_VISITORS (comma list,
 * default 100), BENCH_PER_VISITOR (default 3).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { SqliteHistoryStore } from '../src/history/sqlite-history-store';
import { createLlm } from '../src/llm/create-llm';
import { FakeOpenAi } from '../test/support/fake-openai';
import { ARDUINO_CORPUS, pct } from './lib/corpus';
import { startFloorServer } from './lib/floor-server';
import { lineChartSvg } from './lib/svg-chart';

const TOKENS = 30;
const SCENARIOS = [
  { name: 'instant upstream', firstMs: 0, perTokenMs: 0 },
  { name: '20 ms/token upstream', firstMs: 200, perTokenMs: 20 },
];

interface Sample {
  ttftMs: number;
  totalMs: number;
}
interface Run {
  samples: Sample[];
  lost: number;
  doubled: number;
  wallMs: number;
}

const questions = (JSON.parse(readFileSync(path.join(__dirname, 'eval', 'arduino-dev.json'), 'utf8')) as { questions: { kind: string; question: string }[] }).questions
  .filter((q) => q.kind === 'keyword')
  .map((q) => q.question);

/** One visitor's connection to either server, asking and timing one question at a time. */
interface Asker {
  ask(text: string): Promise<Sample & { ends: number }>;
  close(): void;
}

async function answerdeskAsker(url: string): Promise<Asker> {
  const socket: Socket = io(`${url}/visitor`, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('session', () => resolve());
    socket.once('connect_error', reject);
  });
  let n = 0;
  return {
    ask(text) {
      return new Promise((resolve) => {
        const started = performance.now();
        let ttft = 0;
        let ends = 0;
        let id = '';
        const onDelta = (p: { messageId: string }) => {
          if (!ttft && (!id || p.messageId === id)) ttft = performance.now() - started;
        };
        const onStart = (p: { messageId: string }) => (id ||= p.messageId);
        const onEnd = (p: { message: { id: string } }) => {
          if (id && p.message.id !== id) return;
          ends++;
          const total = performance.now() - started;
          // Wait a moment for a (wrong) second end before reporting.
          setTimeout(() => {
            socket.off('answer:start', onStart).off('answer:delta', onDelta).off('answer:end', onEnd);
            resolve({ ttftMs: ttft || total, totalMs: total, ends });
          }, 5);
        };
        socket.on('answer:start', onStart).on('answer:delta', onDelta).on('answer:end', onEnd);
        socket.emit('message:send', { clientMessageId: `q${n++}-${Math.random().toString(36).slice(2)}`, text }, () => undefined);
      });
    },
    close: () => socket.close(),
  };
}

async function floorAsker(url: string): Promise<Asker> {
  const socket: Socket = io(`${url}/floor`, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  let n = 0;
  return {
    ask(text) {
      return new Promise((resolve) => {
        const id = `f${n++}`;
        const started = performance.now();
        let ttft = 0;
        let ends = 0;
        const onDelta = (p: { id: string }) => {
          if (p.id === id && !ttft) ttft = performance.now() - started;
        };
        const onEnd = (p: { id: string }) => {
          if (p.id !== id) return;
          ends++;
          const total = performance.now() - started;
          setTimeout(() => {
            socket.off('delta', onDelta).off('end', onEnd);
            resolve({ ttftMs: ttft || total, totalMs: total, ends });
          }, 5);
        };
        socket.on('delta', onDelta).on('end', onEnd);
        socket.emit('ask', { id, text });
      });
    },
    close: () => socket.close(),
  };
}

async function run(makeAsker: () => Promise<Asker>, visitors: number, perVisitor: number, thinkMs: [number, number]): Promise<Run> {
  const samples: Sample[] = [];
  let lost = 0;
  let doubled = 0;
  const started = performance.now();
  const askers = await Promise.all(Array.from({ length: visitors }, makeAsker));
  await Promise.all(
    askers.map(async (a, v) => {
      for (let i = 0; i < perVisitor; i++) {
        const timeout = new Promise<null>((r) => setTimeout(() => r(null), 30_000));
        const s = await Promise.race([a.ask(questions[(v + i) % questions.length]), timeout]);
        if (!s || s.ends === 0) lost++;
        else {
          if (s.ends > 1) doubled++;
          samples.push({ ttftMs: s.ttftMs, totalMs: s.totalMs });
        }
        if (thinkMs[1] > 0) await new Promise((r) => setTimeout(r, thinkMs[0] + Math.random() * (thinkMs[1] - thinkMs[0])));
      }
    }),
  );
  askers.forEach((a) => a.close());
  return { samples, lost, doubled, wallMs: performance.now() - started };
}

function summary(r: Run, upstream: { firstMs: number; totalMs: number }) {
  const ttft = r.samples.map((s) => s.ttftMs - upstream.firstMs);
  const total = r.samples.map((s) => s.totalMs - upstream.totalMs);
  const f = (xs: number[]) => ({ p50: round(pct(xs, 50)), p95: round(pct(xs, 95)), p99: round(pct(xs, 99)) });
  return { answers: r.samples.length, lost: r.lost, doubled: r.doubled, answersPerSecond: round((r.samples.length / r.wallMs) * 1000), ttftOverUpstreamMs: f(ttft), totalOverUpstreamMs: f(total) };
}

const round = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const sequential = Number(process.env.BENCH_SEQUENTIAL ?? 300);
  const concurrency = (process.env.BENCH_VISITORS ?? '100').split(',').map(Number);
  const perVisitor = Number(process.env.BENCH_PER_VISITOR ?? 3);
  const upstream = new FakeOpenAi();
  const baseURL = await upstream.start();
  const floor = await startFloorServer(baseURL);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-bench-'));
  const config = loadConfig({
    KNOWLEDGE_DIR: ARDUINO_CORPUS,
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    OPENAI_BASE_URL: baseURL,
    RATE_LIMIT_DISABLED: '1',
    DEMO_PAGE: '0',
  });
  const app = createApp({ config, history: new SqliteHistoryStore(path.join(dir, 'answerdesk.db')), llm: createLlm(config) });
  const address = await app.start(0, '127.0.0.1');
  const url = `http://127.0.0.1:${address.port}`;

  const results: Record<string, unknown>[] = [];
  console.log('| upstream | visitors x questions | server | answers | lost / doubled | first token over upstream p50 / p95 / p99 ms | last token over upstream p50 / p95 / p99 ms | ratio to floor (first token p95) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const sc of SCENARIOS) {
    upstream.always({ kind: 'stream', deltas: Array.from({ length: TOKENS }, (_, i) => `tok${i} `), delayMs: sc.perTokenMs, firstDelayMs: sc.firstMs });
    const own = { firstMs: sc.firstMs, totalMs: sc.firstMs + (TOKENS - 1) * sc.perTokenMs };
    const loads: [number, number, [number, number]][] = [[1, sequential, [0, 0]], ...concurrency.map((v) => [v, perVisitor, [200, 600]] as [number, number, [number, number]])];
    for (const [visitors, count, think] of loads) {
      const floorRun = summary(await run(() => floorAsker(floor.url), visitors, count, think), own);
      const adRun = summary(await run(() => answerdeskAsker(url), visitors, count, think), own);
      const ratio = adRun.ttftOverUpstreamMs.p95 / Math.max(0.01, floorRun.ttftOverUpstreamMs.p95);
      for (const [server, s] of [['floor', floorRun], ['answerdesk', adRun]] as const) {
        const extra = server === 'answerdesk' ? ratio.toFixed(2) : '1.00';
        console.log(
          `| ${sc.name} | ${visitors} x ${count} | ${server} | ${s.answers} | ${s.lost} / ${s.doubled} | ${s.ttftOverUpstreamMs.p50} / ${s.ttftOverUpstreamMs.p95} / ${s.ttftOverUpstreamMs.p99} | ${s.totalOverUpstreamMs.p50} / ${s.totalOverUpstreamMs.p95} / ${s.totalOverUpstreamMs.p99} | ${extra} |`,
        );
        results.push({ upstream: sc, visitors, questionsPerVisitor: count, server, ...s });
      }
    }
  }
  await app.close();
  await floor.close();
  await upstream.stop();
  rmSync(dir, { recursive: true, force: true });
  const out = path.join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'latency.json'), JSON.stringify({ at: new Date().toISOString(), tokens: TOKENS, results }, null, 2));
  // First-token p95 over the upstream's own time, against the number of visitors.
  const colors = { floor: '#6b7280', answerdesk: '#0f766e' };
  const series = SCENARIOS.flatMap((sc) =>
    (['floor', 'answerdesk'] as const).map((server) => ({
      label: `${server}, ${sc.name}`,
      color: colors[server],
      dashed: sc.perTokenMs > 0,
      points: results
        .filter((r) => r.server === server && (r.upstream as { name: string }).name === sc.name)
        .map((r) => [r.visitors as number, (r.ttftOverUpstreamMs as { p95: number }).p95] as [number, number]),
    })),
  );
  writeFileSync(path.join(out, 'latency.svg'), lineChartSvg('Time to first token above the upstream, p95', series, 'ms'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
