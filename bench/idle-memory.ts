/**
 * Memory per connected, idle visitor: the server's RSS before and after N websockets connect
 * (and get their `session`), for Answerdesk (embedded defaults, sample knowledge) and for a bare
 * Socket.IO floor, each in its own process. Loopback only. Env: BENCH_IDLE (default 1000,5000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { startChild, type BenchChild } from './lib/child';
import { saveResult } from './lib/results';

const ROOT = path.resolve(__dirname, '..');
const COUNTS = (process.env.BENCH_IDLE ?? '1000,5000').split(',').map(Number);

async function connect(url: string, n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 200) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(200, n - i) }, () => {
        const s = io(`${url}/visitor`, { transports: ['websocket'], reconnection: false, forceNew: true });
        return new Promise<Socket>((resolve, reject) => {
          s.once('session', () => resolve(s));
          s.once('connect_error', reject);
        });
      }),
    );
    sockets.push(...batch);
  }
  return sockets;
}

async function measure(
  kind: 'floor' | 'answerdesk',
  n: number,
): Promise<{ beforeKb: number; afterKb: number; perVisitorKb: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-idle-'));
  const server: BenchChild =
    kind === 'floor'
      ? await startChild('floor')
      : await startChild('answerdesk', {
          DATA_DIR: dir,
          KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
          RATE_LIMIT_DISABLED: '1',
          ADMIN_EMAIL: 'bench@example.com',
          ADMIN_PASSWORD: 'benchmark-password',
        });
  try {
    // Warm up: a few connections in and out, so lazy allocations are not charged to the sockets.
    (await connect(server.url, 10)).forEach((s) => s.close());
    await sleep(1000);
    const before = (await server.usage()).rssKb;
    const sockets = await connect(server.url, n);
    await sleep(1500);
    const after = (await server.usage()).rssKb;
    sockets.forEach((s) => s.close());
    const perVisitorKb = (after - before) / n;
    console.log(
      `| ${kind === 'floor' ? 'bare Socket.IO (floor)' : 'Answerdesk'} | ${n} | ${(before / 1024).toFixed(0)} MB | ${(after / 1024).toFixed(0)} MB | ${perVisitorKb.toFixed(1)} KB |`,
    );
    return { beforeKb: before, afterKb: after, perVisitorKb };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log('| server | idle visitors | RSS before | RSS after | per visitor |');
  console.log('|---|---|---|---|---|');
  const rows = [];
  for (const n of COUNTS) {
    const floor = await measure('floor', n);
    const answerdesk = await measure('answerdesk', n);
    const aboveFloorKb = answerdesk.perVisitorKb - floor.perVisitorKb;
    console.log(`| Answerdesk above the floor | ${n} | | | ${aboveFloorKb.toFixed(1)} KB |`);
    rows.push({ visitors: n, floor, answerdesk, aboveFloorKb });
  }
  saveResult('idle-memory', { rows });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
