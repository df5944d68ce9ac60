/**
 * Where each answer's CPU goes, against the floor: the latency benchmark's 500-visitor run
 * (instant upstream) with the main thread of each server under the inspector's sampling
 * profiler, for the run's window only (not start-up, not the warm-up). Prints, per answer, the
 * main thread's CPU (/proc) and the other threads' (the rest of the process's), the main
 * thread's own time by category (our code by folder, each library, Node.js by module, the
 * engine), and the heaviest functions; writes the figures to
 * bench/results/profile.json and a flame graph per server to bench/results/flame-SERVER.svg.
 * The profiles themselves (V8's `.cpuprofile`, for Chrome DevTools or speedscope) are kept in a
 * temporary folder, printed at the end. Profiling slows the server a little: the latencies here
 * are not the latency benchmark's.
 *
 * Env: BENCH_VISITORS (default 500), BENCH_PER_VISITOR (default 3), BENCH_SERVERS (default
 * floor,sqlite; redis too when redis-server is installed), BENCH_SERVER_ENV (see latency.ts).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redisAvailable, startRedis } from '../test/support/redis-server';
import { startChild } from './lib/child';
import { pct } from './lib/corpus';
import { selfByCategory, timedTree, topFunctions, type CpuProfile } from './lib/cpu-profile';
import { flameGraphSvg } from './lib/flame-graph';
import { answerdeskAsker, floorAsker, run, startServer, streamedAnswer, THINK_MS, type ServerKind } from './lib/load';
import { RESULTS_DIR, saveResult } from './lib/results';

interface Row {
  server: ServerKind;
  answers: number;
  lost: number;
  ttftP95Ms: number;
  cpuMsPerAnswer: number;
  mainThreadMsPerAnswer: number;
  otherThreadsMsPerAnswer: number;
  clientCpuMsPerAnswer: number;
  categories: Record<string, number>;
  top: { name: string; category: string; selfMs: number }[];
  profile: string;
}
const round = (x: number) => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const visitors = Number(process.env.BENCH_VISITORS ?? 500);
  const perVisitor = Number(process.env.BENCH_PER_VISITOR ?? 3);
  let servers = (process.env.BENCH_SERVERS ?? 'floor,sqlite').split(',') as ServerKind[];
  const redis = servers.includes('redis') && redisAvailable() ? await startRedis() : undefined;
  if (!redis) servers = servers.filter((s) => s !== 'redis');
  const upstream = await startChild('upstream');
  await upstream.behaviour(streamedAnswer(0, 0));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-profile-'));
  const rows: Row[] = [];
  for (const kind of servers) {
    const server = await startServer(kind, upstream.url, redis, dir);
    const asker = kind === 'floor' ? () => floorAsker(server.url) : () => answerdeskAsker(server.url);
    await run(asker, 1, 20, [0, 0]); // warm the JIT and the caches
    const file = path.join(dir, `${kind}-${visitors}.cpuprofile`);
    const before = await server.usage();
    await server.profileStart();
    const r = await run(asker, visitors, perVisitor, THINK_MS);
    await server.profileStop(file);
    const after = await server.usage();
    await server.stop();

    const n = Math.max(1, r.samples.length);
    const tree = timedTree(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
    const perAnswer = (ms: number) => round(ms / n);
    const main = after.mainThreadCpuMs - before.mainThreadCpuMs;
    rows.push({
      server: kind,
      answers: r.samples.length,
      lost: r.lost,
      ttftP95Ms:
        Math.round(
          pct(
            r.samples.map((s) => s.ttftMs),
            95,
          ) * 100,
        ) / 100,
      cpuMsPerAnswer: perAnswer(after.cpuMs - before.cpuMs),
      mainThreadMsPerAnswer: perAnswer(main),
      otherThreadsMsPerAnswer: perAnswer(after.cpuMs - before.cpuMs - main),
      clientCpuMsPerAnswer: perAnswer(r.clientCpuMs),
      categories: Object.fromEntries(
        selfByCategory(tree)
          .filter(([c]) => c !== 'idle')
          .map(([c, ms]) => [c, perAnswer(ms)]),
      ),
      top: topFunctions(tree, 15).map((f) => ({ ...f, selfMs: perAnswer(f.selfMs) })),
      profile: file,
    });
    writeFileSync(
      path.join(RESULTS_DIR, `flame-${kind}.svg`),
      flameGraphSvg(tree, {
        title: `${kind === 'floor' ? 'The floor' : `Answerdesk (${kind})`}: main thread, ${visitors} visitors x ${perVisitor} questions, instant upstream`,
        per: { count: n, unit: 'ms/answer' },
      }),
    );
  }
  await upstream.stop();
  await redis?.stop();

  console.log(`| per answer, ms | ${rows.map((r) => r.server).join(' | ')} |`);
  console.log(`|---|${rows.map(() => '---:').join('|')}|`);
  const line = (label: string, f: (r: Row) => number | undefined) =>
    console.log(`| ${label} | ${rows.map((r) => f(r)?.toFixed(3) ?? '').join(' | ')} |`);
  line('process CPU', (r) => r.cpuMsPerAnswer);
  line('main thread (/proc)', (r) => r.mainThreadMsPerAnswer);
  line('other threads (the rest)', (r) => r.otherThreadsMsPerAnswer);
  line('load generator', (r) => r.clientCpuMsPerAnswer);
  const cats = [...new Set(rows.flatMap((r) => Object.keys(r.categories)))].sort(
    (a, b) => Math.max(...rows.map((r) => r.categories[b] ?? 0)) - Math.max(...rows.map((r) => r.categories[a] ?? 0)),
  );
  // The categories that are a visible part of an answer on either server; the rest summed.
  const shown = cats.filter((c) => rows.some((r) => (r.categories[c] ?? 0) >= 0.02));
  for (const c of shown) line(`main thread, own time: ${c}`, (r) => r.categories[c] ?? 0);
  line('main thread, own time: the rest', (r) =>
    cats.filter((c) => !shown.includes(c)).reduce((s, c) => s + (r.categories[c] ?? 0), 0),
  );
  for (const r of rows) {
    console.log(`\nheaviest functions, ${r.server} (own ms per answer):`);
    for (const f of r.top) console.log(`  ${f.selfMs.toFixed(3).padStart(7)}  ${f.name}`);
  }
  saveResult('profile', { visitors, perVisitor, samplingIntervalUs: 250, rows });
  console.log(
    `\nflame graphs: ${rows.map((r) => path.relative(process.cwd(), path.join(RESULTS_DIR, `flame-${r.server}.svg`))).join(', ')}; profiles kept in ${dir}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
