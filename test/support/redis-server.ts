import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** SIGSTOP: the server keeps its connections but answers nothing. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** kill -9, then (after `downMs`) a new server on the same port and folder (with its append-only file, if any). */
  killAndRestart(downMs?: number): Promise<void>;
}

/** True when a redis-server binary is on PATH. Under CI its absence is a failure, not a skip. */
export function redisAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version']).status === 0;
  if (!found && process.env.CI) throw new Error('redis-server is required under CI (apt-get install redis-server)');
  if (!found)
    console.warn('SKIPPED: redis-server is not installed; the Redis tests did not run (apt-get install redis-server).');
  return found;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a throwaway redis-server on a free loopback port, without persistence, or with an
 * append-only file synced on every write (`aof`), as a deployment that must not lose an acked
 * message would run it.
 */
export async function startRedis(opts: { aof?: boolean } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
  args.push(...(opts.aof ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));
  let child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  await waitForPort(port, 5000);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    async killAndRestart(downMs = 0) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      if (downMs) await new Promise((r) => setTimeout(r, downMs));
      child = spawn('redis-server', args, { stdio: 'ignore' });
      await waitForPort(port, 5000);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not listen on ${port} within ${timeoutMs} ms`);
}

/**
 * Runs a contract suite against a Redis-backed implementation: one redis-server for the file,
 * a fresh key prefix per store, so each test starts empty. Where redis-server is missing the
 * suite is reported as skipped (redisAvailable fails under CI instead).
 */
export function redisContract<T>(
  name: string,
  contract: (name: string, make: () => Promise<T>) => void,
  connect: (url: string, prefix: string) => Promise<T>,
): void {
  if (!redisAvailable()) {
    describe.skip(`${name} (redis-server not installed)`, () => {
      it('skipped', () => undefined);
    });
    return;
  }
  let redis: RedisServer;
  let prefix = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  contract(name, () => connect(redis.url, `t${prefix++}:`));
}
