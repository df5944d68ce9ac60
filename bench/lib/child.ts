import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Behaviour } from '../../test/support/fake-openai';

export interface Usage {
  cpuMs: number;
  /** Of which the main thread's (Linux; 0 elsewhere). */
  mainThreadCpuMs: number;
  rssKb: number;
  heapUsedMb: number;
  /** Event-loop delay since the previous report. */
  loopDelayMs: { p50: number; p99: number; max: number };
  /** Garbage-collection pauses since the previous report. */
  gc: { pauses: number; totalMs: number; maxMs: number };
}

/** A bench-process child: its URL, and its CPU time and memory on request. */
export interface BenchChild {
  url: string;
  readyMs?: number;
  usage(): Promise<Usage>;
  behaviour(b: Behaviour): Promise<void>;
  /** Starts sampling the main thread's CPU (the inspector's profiler). */
  profileStart(): Promise<void>;
  /** Stops it and writes the profile (`.cpuprofile`, V8's format) to `file`. */
  profileStop(file: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `bench-process.ts` in the given role with `env` (added to PATH only: nothing else of the
 * parent's environment leaks in). `BENCH_PROFILE=DIR` writes a CPU profile of each server child
 * into DIR when it stops (`node --cpu-prof`).
 */
export async function startChild(
  role: 'upstream' | 'floor' | 'answerdesk',
  env: Record<string, string> = {},
): Promise<BenchChild> {
  const profile =
    process.env.BENCH_PROFILE && role !== 'upstream'
      ? ['--cpu-prof', `--cpu-prof-dir=${path.join(process.env.BENCH_PROFILE, role)}`]
      : [];
  const child: ChildProcess = fork(path.join(__dirname, 'bench-process.ts'), [], {
    execArgv: ['--import', 'tsx', ...profile],
    env: { PATH: process.env.PATH ?? '', BENCH_ROLE: role, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>(key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        child.off('message', onMessage).off('exit', onExit);
        resolve(m[key] as T);
      };
      const onExit = (code: number) => reject(new Error(`${role} exited with code ${code}`));
      child.on('message', onMessage).once('exit', onExit);
    });
  /** Sends a command and resolves with the child's reply under `key`. */
  const ask = <T>(command: Record<string, unknown>, key: string) => {
    const reply = next<T>(key);
    child.send(command);
    return reply;
  };
  const readyMs = role === 'answerdesk' ? next<number>('readyMs') : undefined;
  const url = await next<string>('url');
  return {
    url,
    readyMs: await readyMs,
    usage: () => ask<Usage>({ cmd: 'usage' }, 'usage'),
    behaviour: async (behaviour) => void (await ask({ cmd: 'behaviour', behaviour }, 'ok')),
    profileStart: async () => void (await ask({ cmd: 'profile-start' }, 'ok')),
    profileStop: async (file) => void (await ask({ cmd: 'profile-stop', file }, 'ok')),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ cmd: 'stop' });
      await exited;
    },
  };
}
