import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './redis-server';

const ROOT = path.resolve(__dirname, '../..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

/**
 * Runs `src/server.ts` as its own process (as `npm start` would), waiting until /readyz says
 * ready. `wrapper` runs it under another command (a tracer); the process group is then signalled.
 * `server` runs another entry point (a built `dist/server.js`) from `cwd`.
 */
export async function startServerProcess(
  env: Record<string, string>,
  opts: { wrapper?: string[]; port?: number; server?: string[]; cwd?: string } = {},
): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  let out = '';
  const server = opts.server ?? ['--import', 'tsx', path.join(ROOT, 'src/server.ts')];
  const command = [...(opts.wrapper ?? []), process.execPath, ...server];
  const child = spawn(command[0], command.slice(1), {
    cwd: opts.cwd ?? ROOT,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: Boolean(opts.wrapper),
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${out}`);
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within 20 s: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    child,
    output: () => out,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      if (opts.wrapper) process.kill(-child.pid!, 'SIGTERM');
      else child.kill('SIGTERM');
      // A server that does not stop is a failure the test sees, never a test run that hangs.
      const killer = setTimeout(() => child.kill('SIGKILL'), 25_000);
      return exited.finally(() => clearTimeout(killer));
    },
  };
}

/** Runs the server expecting it to refuse to start; resolves with its exit code and output. */
export function runServerExpectingExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/server.ts')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
