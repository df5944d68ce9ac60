/**
 * What the server adds to the LLM's own time, against the physical floor in the same run. Three
 * processes: a local OpenAI-compatible upstream with a fixed time to first token and per-token
 * delay; the server under test (the floor: bare Socket.IO relaying the upstream through the
 * openai SDK; or Answerdesk with the embedded defaults, SQLite and the in-process index over the
 * Arduino help center; or Answerdesk on Redis); and this process, driving real Socket.IO clients.
 * Loopback only, bounded in count. Prints tables and writes bench/results/latency.json and the
 * chart bench/results/latency.svg.
 *
 * Env: BENCH_SEQUENTIAL (questions for the 1-visitor run with the instant upstream, default
 * 1000; a tenth of it with the 20 ms/token one), BENCH_VISITORS (default 100,500,1000),
 * BENCH_PER_VISITOR (default 3), BENCH_SERVERS (default floor,sqlite,redis), BENCH_SCENARIOS
 * (default instant,20 ms/token,offline),
 * BENCH_PROFILE=DIR (CPU profiles of the servers).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { redisAvailable, startRedis, type RedisServer } from '../test/support/redis-server';
import { startChild, type BenchChild, type Usage } from './lib/child';
import { ARDUINO_CORPUS, pct } from './lib/corpus';
import { RESULTS_DIR, saveResult } from './lib/results';
import { lineChartSvg } from './lib/svg-chart';

const TOKENS = 30;
const SCENARIOS = [
  { name: 'instant', firstMs: 0, perTokenMs: 0 },
  { name: '20 ms/token', firstMs: 200, perTokenMs: 20 },
];
const SATURATION = { visitors: 200, perVisitor: 10 };
/**
 * Between a visitor's questions: reading the answer and typing the next one. Two to six seconds
 * is a fast reader; the saturation run has none, to find the most answers a second.
 */
const THINK_MS: [number, number] = [2000, 6000];

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
type ServerKind = 'floor' | 'sqlite' | 'redis' | 'offline';

const questions = (JSON.parse(readFileSync(path.join(__dirname, 'eval', 'arduino-dev.json'), 'utf8')) as { questions: { kind: string; question: string }[] }).questions
  .filter((q) => q.kind === 'keyword')
  .map((q) => q.question);

/** One visitor's connection, asking and timing one question at a time. */
interface Asker {
  ask(text: string): Promise<Sample & { ends: number }>;
  close(): void;
}

async function connect(url: string, namespace: string, ready: string): Promise<Socket> {
  const socket: Socket = io(`${url}${namespace}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once(ready, () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Times one answer: first delta, end, and whether a second end arrives for the same answer. */
function timeAnswer(socket: Socket, events: { delta: string; end: string }, mine: (p: Record<string, unknown>, phase: 'delta' | 'end') => boolean, send: () => void): Promise<Sample & { ends: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let ttft = 0;
    let ends = 0;
    const onDelta = (p: Record<string, unknown>) => {
      if (!ttft && mine(p, 'delta')) ttft = performance.now() - started;
    };
    const onEnd = (p: Record<string, unknown>) => {
      if (!mine(p, 'end')) return;
      ends++;
      if (ends > 1) return;
      const total = performance.now() - started;
      // Wait a moment for a (wrong) second end before reporting.
      setTimeout(() => {
        socket.off(events.delta, onDelta).off(events.end, onEnd);
        resolve({ ttftMs: ttft || total, totalMs: total, ends });
      }, 5);
    };
    socket.on(events.delta, onDelta).on(events.end, onEnd);
    send();
  });
}

async function answerdeskAsker(url: string): Promise<Asker> {
  const socket = await connect(url, '/visitor', 'session');
  let n = 0;
  return {
    ask(text) {
      let id = '';
      const onStart = (p: { messageId: string }) => (id ||= p.messageId);
      socket.on('answer:start', onStart);
      return timeAnswer(
        socket,
        { delta: 'answer:delta', end: 'answer:end' },
        (p, phase) => {
          const pid = phase === 'delta' ? (p.messageId as string) : (p.message as { id: string }).id;
          return !id || pid === id;
        },
        () => socket.emit('message:send', { clientMessageId: `q${n++}-${Math.random().toString(36).slice(2)}`, text }, () => undefined),
      ).finally(() => socket.off('answer:start', onStart));
    },
    close: () => socket.close(),
  };
}

async function floorAsker(url: string): Promise<Asker> {
  const socket = await connect(url, '/floor', 'connect');
  let n = 0;
  return {
    ask(text) {
      const id = `f${n++}`;
      return timeAnswer(socket, { delta: 'delta', end: 'end' }, (p) => p.id === id, () => socket.emit('ask', { id, text }));
    },
    close: () => socket.close(),
  };
}

async function run(makeAsker: () => Promise<Asker>, visitors: number, perVisitor: number, thinkMs: [number, number]): Promise<Run> {
  const samples: Sample[] = [];
  let lost = 0;
  let doubled = 0;
  const askers: Asker[] = [];
  // Connect in batches, as a crowd arrives, not as one burst of handshakes.
  for (let i = 0; i < visitors; i += 200) askers.push(...(await Promise.all(Array.from({ length: Math.min(200, visitors - i) }, makeAsker))));
  const started = performance.now();
  await Promise.all(
    askers.map(async (a, v) => {
      // Visitors start spread over the think time, not all in the same millisecond.
      if (thinkMs[1] > 0) await sleep(Math.random() * thinkMs[1]);
      for (let i = 0; i < perVisitor; i++) {
        const s = await Promise.race([a.ask(questions[(v + i) % questions.length]), sleep(60_000).then(() => null)]);
        if (!s || s.ends === 0) lost++;
        else {
          if (s.ends > 1) doubled++;
          samples.push({ ttftMs: s.ttftMs, totalMs: s.totalMs });
        }
        if (thinkMs[1] > 0) await sleep(thinkMs[0] + Math.random() * (thinkMs[1] - thinkMs[0]));
      }
    }),
  );
  const wallMs = performance.now() - started;
  askers.forEach((a) => a.close());
  return { samples, lost, doubled, wallMs };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (x: number) => Math.round(x * 100) / 100;

function summary(r: Run, upstream: { firstMs: number; totalMs: number }, cpuMs: number, after: Usage) {
  const ttft = r.samples.map((s) => s.ttftMs - upstream.firstMs);
  const total = r.samples.map((s) => s.totalMs - upstream.totalMs);
  const f = (xs: number[]) => ({ p50: round(pct(xs, 50)), p95: round(pct(xs, 95)), p99: round(pct(xs, 99)) });
  return {
    answers: r.samples.length,
    lost: r.lost,
    doubled: r.doubled,
    answersPerSecond: round((r.samples.length / r.wallMs) * 1000),
    cpuMsPerAnswer: round(cpuMs / Math.max(1, r.samples.length)),
    rssMb: round(after.rssKb / 1024),
    heapUsedMb: after.heapUsedMb,
    loopDelayMs: after.loopDelayMs,
    gc: after.gc,
    ttftOverUpstreamMs: f(ttft),
    totalOverUpstreamMs: f(total),
  };
}
type Summary = ReturnType<typeof summary>;

async function startServer(kind: ServerKind, upstreamUrl: string, redis: RedisServer | undefined, dir: string): Promise<BenchChild> {
  if (kind === 'floor') return startChild('floor', { OPENAI_BASE_URL: upstreamUrl });
  const dataDir = mkdtempSync(path.join(dir, `${kind}-`));
  return startChild('answerdesk', {
    KNOWLEDGE_DIR: ARDUINO_CORPUS,
    DATA_DIR: dataDir,
    RATE_LIMIT_DISABLED: '1',
    DEMO_PAGE: '0',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'benchmark-password',
    ...(kind === 'offline' ? {} : { OPENAI_BASE_URL: upstreamUrl, OPENAI_API_KEY: 'not-needed' }),
    ...(kind === 'redis' ? { REDIS_URL: redis!.url } : {}),
  });
}

async function main(): Promise<void> {
  const sequential = Number(process.env.BENCH_SEQUENTIAL ?? 1000);
  const concurrency = (process.env.BENCH_VISITORS ?? '100,500,1000').split(',').map(Number);
  const perVisitor = Number(process.env.BENCH_PER_VISITOR ?? 3);
  let servers = (process.env.BENCH_SERVERS ?? 'floor,sqlite,redis').split(',') as ServerKind[];
  const redis = servers.includes('redis') && redisAvailable() ? await startRedis() : undefined;
  if (!redis) servers = servers.filter((s) => s !== 'redis');
  const upstream = await startChild('upstream');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-bench-'));
  const results: (Summary & { scenario: string; server: ServerKind; visitors: number; questionsPerVisitor: number; kind: string })[] = [];
  const label: Record<ServerKind, string> = { floor: 'floor', sqlite: 'Answerdesk (SQLite)', redis: 'Answerdesk (Redis)', offline: 'Answerdesk offline answers' };

  console.log('| upstream | load | server | answers | lost / doubled | first token over upstream p50 / p95 / p99 ms | last token over upstream p50 / p95 / p99 ms | answers/s | CPU ms / answer | RSS MB | loop delay p99 / max ms | GC pause max ms | first token p95 / floor |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const print = (r: (typeof results)[number]) => {
    const floor = results.find((f) => f.server === 'floor' && f.scenario === r.scenario && f.visitors === r.visitors && f.kind === r.kind);
    const ratio = floor && r.server !== 'floor' ? (r.ttftOverUpstreamMs.p95 / Math.max(0.01, floor.ttftOverUpstreamMs.p95)).toFixed(2) : '';
    const t = r.ttftOverUpstreamMs;
    const l = r.totalOverUpstreamMs;
    const load = r.kind === 'saturation' ? `saturation ${r.visitors} x ${r.questionsPerVisitor}, no think time` : `${r.visitors} x ${r.questionsPerVisitor}`;
    console.log(`| ${r.scenario} | ${load} | ${label[r.server]} | ${r.answers} | ${r.lost} / ${r.doubled} | ${t.p50} / ${t.p95} / ${t.p99} | ${l.p50} / ${l.p95} / ${l.p99} | ${r.answersPerSecond} | ${r.cpuMsPerAnswer} | ${r.rssMb} | ${r.loopDelayMs.p99} / ${r.loopDelayMs.max} | ${r.gc.maxMs} | ${ratio} |`);
  };

  const only = process.env.BENCH_SCENARIOS?.split(',');
  const scenarios = [...SCENARIOS.map((sc) => ({ ...sc, servers })), { name: 'offline', firstMs: 0, perTokenMs: 0, servers: ['offline'] as ServerKind[] }].filter((sc) => !only || only.includes(sc.name));
  for (const sc of scenarios) {
    await upstream.behaviour({ kind: 'stream', deltas: Array.from({ length: TOKENS }, (_, i) => `tok${i} `), delayMs: sc.perTokenMs, firstDelayMs: sc.firstMs });
    const own = { firstMs: sc.firstMs, totalMs: sc.firstMs + (TOKENS - 1) * sc.perTokenMs };
    const seq = sc.perTokenMs > 0 ? Math.max(10, Math.round(sequential / 10)) : sc.servers[0] === 'offline' ? Math.min(200, sequential) : sequential;
    const loads = [
      { kind: 'sequential', visitors: 1, count: seq, think: [0, 0] as [number, number] },
      ...(sc.servers[0] === 'offline' ? [100] : concurrency).map((v) => ({ kind: 'concurrent', visitors: v, count: perVisitor, think: THINK_MS })),
      ...(sc.perTokenMs === 0 && sc.servers[0] !== 'offline' ? [{ kind: 'saturation', visitors: SATURATION.visitors, count: SATURATION.perVisitor, think: [0, 0] as [number, number] }] : []),
    ];
    for (const kind of sc.servers) {
      const server = await startServer(kind, upstream.url, redis, dir);
      const asker = kind === 'floor' ? () => floorAsker(server.url) : () => answerdeskAsker(server.url);
      await run(asker, 1, 20, [0, 0]); // warm the JIT and the caches
      for (const load of loads) {
        const before = await server.usage();
        const r = await run(asker, load.visitors, load.count, load.think);
        const after = await server.usage();
        const row = { scenario: sc.name, server: kind, visitors: load.visitors, questionsPerVisitor: load.count, kind: load.kind, ...summary(r, own, after.cpuMs - before.cpuMs, after) };
        results.push(row);
        print(row);
      }
      await server.stop();
    }
  }
  await upstream.stop();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });

  saveResult('latency', { tokens: TOKENS, thinkMs: THINK_MS, results });
  writeFileSync(path.join(RESULTS_DIR, 'latency.svg'), chart(results));
}

/** First-token p95 above the upstream against concurrent visitors (1 = the sequential run). */
function chart(results: { scenario: string; server: ServerKind; visitors: number; kind: string; ttftOverUpstreamMs: { p95: number } }[]): string {
  const colors: Record<ServerKind, string> = { floor: '#6b7280', sqlite: '#0f766e', redis: '#b45309', offline: '#7c3aed' };
  const names: Record<ServerKind, string> = { floor: 'floor', sqlite: 'Answerdesk, SQLite', redis: 'Answerdesk, Redis', offline: 'offline answers' };
  const series = SCENARIOS.flatMap((sc) =>
    (['floor', 'sqlite', 'redis'] as const)
      .map((server) => ({
        label: `${names[server]}, ${sc.name} upstream`,
        color: colors[server],
        dashed: sc.perTokenMs > 0,
        points: results.filter((r) => r.server === server && r.scenario === sc.name && r.kind !== 'saturation').map((r) => [r.visitors, r.ttftOverUpstreamMs.p95] as [number, number]),
      }))
      .filter((s) => s.points.length > 0),
  );
  return lineChartSvg('Time to first token above the upstream, p95', series, 'ms');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
