import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './redis-server';

export interface PostgresServer {
  /** A URL to a fresh, empty database on the server. */
  newDatabase(): Promise<string>;
  /** kill -9 of the server; `start` brings it back on the same data and port. */
  crash(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Where Debian's PostgreSQL keeps its programs (they are not on PATH), or PATH itself. */
function binDir(): string | undefined {
  if (spawnSync('initdb', ['--version']).status === 0) return undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

/** True when PostgreSQL is installed. Under CI its absence is a failure, not a skip. */
export function postgresAvailable(): boolean {
  const bin = binDir();
  const found = spawnSync(bin ? path.join(bin, 'initdb') : 'initdb', ['--version']).status === 0;
  if (!found && process.env.CI) throw new Error('PostgreSQL is required under CI (apt-get install postgresql)');
  if (!found) console.warn('SKIPPED: PostgreSQL is not installed; the PostgreSQL tests did not run.');
  return found;
}

/**
 * A throwaway PostgreSQL server: `initdb` in a temporary folder, listening on a free loopback
 * port, trust authentication. PostgreSQL refuses to run as root, so as root it runs as the
 * `postgres` user that Debian's package creates.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binDir();
  const exe = (name: string) => (bin ? path.join(bin, name) : name);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    chownSync(dir, Number(ids.stdout), Number(gids.stdout));
  }
  const init = spawnSync(
    ...run(exe('initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']),
    {
      encoding: 'utf8',
    },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      ...run(exe('postgres'), ['-D', data, '-p', String(port), '-k', dir, '-h', '127.0.0.1', '-c', 'fsync=off']),
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 15_000;
    for (;;) {
      const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
      try {
        await client.connect();
        await client.end();
        return;
      } catch {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) throw new Error('PostgreSQL did not start within 15 s');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const stopChild = async (signal: NodeJS.Signals) => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    // The server itself, not runuser in front of it: its pid is the first line of postmaster.pid.
    const pid = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(pid, signal);
    await exited;
  };
  await start();
  let n = 0;
  return {
    async newDatabase() {
      const name = `t${n++}_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    crash: () => stopChild('SIGKILL'),
    start,
    async stop() {
      await stopChild('SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
