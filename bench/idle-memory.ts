/**
 * Memory per connected, idle visitor: the server's RSS before and after N websockets connect
 * (and get their `session`), for Answerdesk (`node dist/server.js`, embedded defaults, sample
 * knowledge) and for a bare Socket.IO floor, each in its own process. Loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { freePort } from '../test/support/redis-server';

const ROOT = path.resolve(__dirname, '..');
const COUNTS = (process.env.BENCH_IDLE ?? '1000,5000').split(',').map(Number);

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function answerdesk(): Promise<{ url: string; child: ChildProcess; cleanup(): void }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-idle-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server.js')], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dir, KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'), LOG_LEVEL: 'warn', RATE_LIMIT_DISABLED: '1', ADMIN_PASSWORD: 'benchmark-password' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300 && !(await fetch(`${url}/readyz`).then((r) => r.ok, () => false)); i++) await sleep(50);
  return { url, child, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

async function floor(): Promise<{ url: string; child: ChildProcess; cleanup(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'lib', 'floor-idle-server.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(JSON.parse(String(d)).port)));
  return { url: `http://127.0.0.1:${port}`, child, cleanup: () => undefined };
}

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

async function measure(kind: string, start: () => Promise<{ url: string; child: ChildProcess; cleanup(): void }>, n: number): Promise<number> {
  const server = await start();
  try {
    // Warm up: one connection in and out, so lazy allocations are not charged to the sockets.
    (await connect(server.url, 10)).forEach((s) => s.close());
    await sleep(1000);
    const before = rssKb(server.child.pid!);
    const sockets = await connect(server.url, n);
    await sleep(1500);
    const after = rssKb(server.child.pid!);
    sockets.forEach((s) => s.close());
    const perVisitor = ((after - before) * 1024) / n;
    console.log(`| ${kind} | ${n} | ${(before / 1024).toFixed(0)} MB | ${(after / 1024).toFixed(0)} MB | ${(perVisitor / 1024).toFixed(1)} KB |`);
    return perVisitor;
  } finally {
    server.child.kill('SIGTERM');
    await sleep(300);
    server.cleanup();
  }
}

async function main(): Promise<void> {
  console.log('| server | idle visitors | RSS before | RSS after | per visitor |');
  console.log('|---|---|---|---|---|');
  for (const n of COUNTS) {
    const f = await measure('bare Socket.IO (floor)', floor, n);
    const a = await measure('Answerdesk', answerdesk, n);
    console.log(`| Answerdesk above the floor | ${n} | | | ${((a - f) / 1024).toFixed(1)} KB |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
