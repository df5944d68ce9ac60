/**
 * Start-up: process start to ready (GET /readyz answers 200) with the Arduino help center, as
 * `node dist/server.js` (run `npm run build` first). "First start" has a new DATA_DIR; "restart"
 * reuses it (SQLite file present, files in the OS cache), and how long until every chunk has its
 * vectors (the first load embeds in the background). Five runs each, interleaved, since one
 * start can differ from the next by more than a change being measured. BENCH_SERVER_ENV='K=V K2=V2'
 * adds settings (e.g. an LLM_PROVIDER, to see what loading its SDK costs).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../test/support/redis-server';
import { ARDUINO_CORPUS, fmt, pct } from './lib/corpus';
import { saveResult } from './lib/results';

const ROOT = path.resolve(__dirname, '..');

async function startOnce(dataDir: string): Promise<{ wallMs: number; readyMs: number; vectorsMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js')], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      KNOWLEDGE_DIR: ARDUINO_CORPUS,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      ADMIN_PASSWORD: 'benchmark-password',
      ...Object.fromEntries(
        (process.env.BENCH_SERVER_ENV ?? '')
          .split(/\s+/)
          .filter(Boolean)
          .map((kv) => kv.split(/=(.*)/s).slice(0, 2)),
      ),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (child.exitCode !== null || performance.now() - started > 30_000)
      throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const wallMs = performance.now() - started;
  const readyMs = Number(/"readyMs":(\d+)/.exec(out)?.[1] ?? NaN);
  // Ready answers from the words; the vectors join in the background, within this long.
  for (;;) {
    const r = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { vectors: { done: boolean } };
    if (r.vectors.done) break;
    if (performance.now() - started > 300_000) throw new Error('vectors not done within 300 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const vectorsMs = performance.now() - started;
  await new Promise<void>((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
  return { wallMs, readyMs, vectorsMs };
}

async function main(): Promise<void> {
  console.log('| start | process start to /readyz (wall) | readyMs (server log) | every vector in |');
  console.log('|---|---|---|---|');
  const first: number[] = [];
  const restart: number[] = [];
  const firstVectors: number[] = [];
  for (let run = 0; run < 5; run++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-startup-'));
    try {
      const cold = await startOnce(dir);
      const again = await startOnce(dir);
      first.push(cold.wallMs);
      restart.push(again.wallMs);
      firstVectors.push(cold.vectorsMs);
      console.log(`| first start | ${fmt(cold.wallMs)} ms | ${cold.readyMs} ms | ${fmt(cold.vectorsMs)} ms |`);
      console.log(`| restart | ${fmt(again.wallMs)} ms | ${again.readyMs} ms | ${fmt(again.vectorsMs)} ms |`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  saveResult('startup', {
    firstStartWallMs: { median: pct(first, 50), min: Math.min(...first), max: Math.max(...first), runs: first.length },
    firstStartVectorsMs: { median: pct(firstVectors, 50), max: Math.max(...firstVectors) },
    restartWallMs: {
      median: pct(restart, 50),
      min: Math.min(...restart),
      max: Math.max(...restart),
      runs: restart.length,
    },
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
