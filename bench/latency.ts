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
 * BENCH_SATURATION=0 (skip the saturation run), BENCH_PROFILE=DIR (CPU profiles of the servers),
 * BENCH_KEEP=1 (keep the servers' data folders), BENCH_SERVER_ENV='K=V K2=V2' (more settings for
 * Answerdesk, for an A/B of one setting), BENCH_PAIRS (paired 500-visitor runs, default 5; 0 for none),
 * BENCH_LLM=langchain (Answerdesk reaches the upstream through LangChain's Azure OpenAI model).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redisAvailable, startRedis } from '../test/support/redis-server';
import { startChild, type BenchChild, type Usage } from './lib/child';
import { pct } from './lib/corpus';
import {
  answerdeskAsker,
  floorAsker,
  run,
  startServer,
  streamedAnswer,
  THINK_MS,
  TOKENS,
  type Run,
  type ServerKind,
} from './lib/load';
import { RESULTS_DIR, saveResult } from './lib/results';
import { lineChartSvg } from './lib/svg-chart';

const SCENARIOS = [
  { name: 'instant', firstMs: 0, perTokenMs: 0 },
  { name: '20 ms/token', firstMs: 200, perTokenMs: 20 },
];
const SATURATION = { visitors: 200, perVisitor: 10 };
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
    clientCpuMsPerAnswer: round(r.clientCpuMs / Math.max(1, r.samples.length)),
    rssMb: round(after.rssKb / 1024),
    heapUsedMb: after.heapUsedMb,
    loopDelayMs: after.loopDelayMs,
    gc: after.gc,
    ttftOverUpstreamMs: f(ttft),
    totalOverUpstreamMs: f(total),
  };
}
type Summary = ReturnType<typeof summary>;

async function main(): Promise<void> {
  const sequential = Number(process.env.BENCH_SEQUENTIAL ?? 1000);
  const concurrency = (process.env.BENCH_VISITORS ?? '100,500,1000').split(',').map(Number);
  const perVisitor = Number(process.env.BENCH_PER_VISITOR ?? 3);
  let servers = (process.env.BENCH_SERVERS ?? 'floor,sqlite,redis').split(',') as ServerKind[];
  const redis = servers.includes('redis') && redisAvailable() ? await startRedis() : undefined;
  if (!redis) servers = servers.filter((s) => s !== 'redis');
  const upstream = await startChild('upstream');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-bench-'));
  const results: (Summary & {
    scenario: string;
    server: ServerKind;
    visitors: number;
    questionsPerVisitor: number;
    kind: string;
  })[] = [];
  const label: Record<ServerKind, string> = {
    floor: 'floor',
    sqlite: 'Answerdesk (SQLite)',
    redis: 'Answerdesk (Redis)',
    offline: 'Answerdesk offline answers',
  };

  console.log(
    '| upstream | load | server | answers | lost / doubled | first token over upstream p50 / p95 / p99 ms | last token over upstream p50 / p95 / p99 ms | answers/s | CPU ms / answer | RSS MB | loop delay p99 / max ms | GC pause max ms | first token p95 / floor |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const print = (r: (typeof results)[number]) => {
    const floor = results.find(
      (f) => f.server === 'floor' && f.scenario === r.scenario && f.visitors === r.visitors && f.kind === r.kind,
    );
    const ratio =
      floor && r.server !== 'floor'
        ? (r.ttftOverUpstreamMs.p95 / Math.max(0.01, floor.ttftOverUpstreamMs.p95)).toFixed(2)
        : '';
    const t = r.ttftOverUpstreamMs;
    const l = r.totalOverUpstreamMs;
    const load =
      r.kind === 'saturation'
        ? `saturation ${r.visitors} x ${r.questionsPerVisitor}, no think time`
        : `${r.visitors} x ${r.questionsPerVisitor}`;
    console.log(
      `| ${r.scenario} | ${load} | ${label[r.server]} | ${r.answers} | ${r.lost} / ${r.doubled} | ${t.p50} / ${t.p95} / ${t.p99} | ${l.p50} / ${l.p95} / ${l.p99} | ${r.answersPerSecond} | ${r.cpuMsPerAnswer} | ${r.rssMb} | ${r.loopDelayMs.p99} / ${r.loopDelayMs.max} | ${r.gc.maxMs} | ${ratio} |`,
    );
  };

  const only = process.env.BENCH_SCENARIOS?.split(',');
  const scenarios = [
    ...SCENARIOS.map((sc) => ({ ...sc, servers })),
    { name: 'offline', firstMs: 0, perTokenMs: 0, servers: ['offline'] as ServerKind[] },
  ].filter((sc) => !only || only.includes(sc.name));
  for (const sc of scenarios) {
    await upstream.behaviour(streamedAnswer(sc.firstMs, sc.perTokenMs));
    const own = { firstMs: sc.firstMs, totalMs: sc.firstMs + (TOKENS - 1) * sc.perTokenMs };
    const seq =
      sc.perTokenMs > 0
        ? Math.max(10, Math.round(sequential / 10))
        : sc.servers[0] === 'offline'
          ? Math.min(200, sequential)
          : sequential;
    const loads = [
      { kind: 'sequential', visitors: 1, count: seq, think: [0, 0] as [number, number] },
      ...(sc.servers[0] === 'offline' ? [100] : concurrency).map((v) => ({
        kind: 'concurrent',
        visitors: v,
        count: perVisitor,
        think: THINK_MS,
      })),
      ...(sc.perTokenMs === 0 && sc.servers[0] !== 'offline' && process.env.BENCH_SATURATION !== '0'
        ? [
            {
              kind: 'saturation',
              visitors: SATURATION.visitors,
              count: SATURATION.perVisitor,
              think: [0, 0] as [number, number],
            },
          ]
        : []),
    ];
    for (const kind of sc.servers) {
      const server = await startServer(kind, upstream.url, redis, dir);
      const asker = kind === 'floor' ? () => floorAsker(server.url) : () => answerdeskAsker(server.url);
      await run(asker, 1, 20, [0, 0]); // warm the JIT and the caches
      for (const load of loads) {
        const before = await server.usage();
        const r = await run(asker, load.visitors, load.count, load.think);
        const after = await server.usage();
        const row = {
          scenario: sc.name,
          server: kind,
          visitors: load.visitors,
          questionsPerVisitor: load.count,
          kind: load.kind,
          ...summary(r, own, after.cpuMs - before.cpuMs, after),
        };
        results.push(row);
        print(row);
      }
      await server.stop();
    }
  }
  const paired =
    servers.includes('floor') && servers.includes('sqlite') ? await pairedRuns(upstream, dir, only) : undefined;
  await upstream.stop();
  await redis?.stop();
  // BENCH_KEEP=1 keeps the servers' data (the stored answers carry the server's own latency record).
  if (process.env.BENCH_KEEP) console.log(`data kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });

  saveResult('latency', { tokens: TOKENS, thinkMs: THINK_MS, results, ...(paired ? { paired } : {}) });
  writeFileSync(path.join(RESULTS_DIR, 'latency.svg'), chart(results));
}

/**
 * The 500-visitor target, measured again in pairs: the floor and Answerdesk (SQLite) each kept
 * running, asked in turns, BENCH_PAIRS times (default 5). A single run's ratio moves a lot
 * between identical runs on a shared machine, so the median of the pairs' ratios is the
 * target's figure, and every pair is recorded. The sequence is the
 * table's 500-visitor row: the same questions, think time and instant upstream.
 */
async function pairedRuns(upstream: BenchChild, dir: string, only: string[] | undefined) {
  const pairs = Number(process.env.BENCH_PAIRS ?? 5);
  const visitors = 500;
  if (pairs <= 0 || (only && !only.includes('instant'))) return undefined;
  await upstream.behaviour(streamedAnswer(0, 0));
  const floor = await startServer('floor', upstream.url, undefined, dir);
  const ours = await startServer('sqlite', upstream.url, undefined, dir);
  const askFloor = () => floorAsker(floor.url);
  const askOurs = () => answerdeskAsker(ours.url);
  await run(askFloor, 1, 20, [0, 0]);
  await run(askOurs, 1, 20, [0, 0]);
  const p95 = (r: Run) =>
    pct(
      r.samples.map((x) => x.ttftMs),
      95,
    );
  const runs: { floorP95Ms: number; p95Ms: number; ratio: number; answers: number; lost: number }[] = [];
  for (let i = 0; i < pairs; i++) {
    // Alternating which goes first, so neither always follows the other.
    const [a, b] = i % 2 === 0 ? [askFloor, askOurs] : [askOurs, askFloor];
    const first = await run(a, visitors, 3, THINK_MS);
    const second = await run(b, visitors, 3, THINK_MS);
    const [f, o] = i % 2 === 0 ? [first, second] : [second, first];
    runs.push({
      floorP95Ms: round(p95(f)),
      p95Ms: round(p95(o)),
      ratio: round(p95(o) / Math.max(0.01, p95(f))),
      answers: f.samples.length + o.samples.length,
      lost: f.lost + f.doubled + o.lost + o.doubled,
    });
    console.log(
      `paired run ${i + 1} of ${pairs}, ${visitors} visitors: floor p95 ${runs[i].floorP95Ms} ms, Answerdesk (SQLite) ${runs[i].p95Ms} ms, ${runs[i].ratio}x`,
    );
  }
  await floor.stop();
  await ours.stop();
  const ratios = runs.map((r) => r.ratio);
  const summary = {
    visitors,
    runs,
    medianRatio: round(median(ratios)),
    minRatio: Math.min(...ratios),
    maxRatio: Math.max(...ratios),
  };
  console.log(`paired runs: median ${summary.medianRatio}x (${summary.minRatio}-${summary.maxRatio}x over ${pairs})`);
  return summary;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** First-token p95 above the upstream against concurrent visitors (1 = the sequential run). */
function chart(
  results: {
    scenario: string;
    server: ServerKind;
    visitors: number;
    kind: string;
    ttftOverUpstreamMs: { p95: number };
  }[],
): string {
  const colors: Record<ServerKind, string> = {
    floor: '#6b7280',
    sqlite: '#0f766e',
    redis: '#b45309',
    offline: '#7c3aed',
  };
  const names: Record<ServerKind, string> = {
    floor: 'floor',
    sqlite: 'Answerdesk, SQLite',
    redis: 'Answerdesk, Redis',
    offline: 'offline answers',
  };
  const series = SCENARIOS.flatMap((sc) =>
    (['floor', 'sqlite', 'redis'] as const)
      .map((server) => ({
        label: `${names[server]}, ${sc.name} upstream`,
        color: colors[server],
        dashed: sc.perTokenMs > 0,
        points: results
          .filter((r) => r.server === server && r.scenario === sc.name && r.kind !== 'saturation')
          .map((r) => [r.visitors, r.ttftOverUpstreamMs.p95] as [number, number]),
      }))
      .filter((s) => s.points.length > 0),
  );
  return lineChartSvg('Time to first token above the upstream, p95', series, 'ms');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
