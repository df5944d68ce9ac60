/**
 * One side of a benchmark in its own process, so that the server under test has a core to
 * itself and its CPU time and memory can be read: `BENCH_ROLE` is `upstream` (the fake
 * OpenAI-compatible server), `floor` (bare Socket.IO relay) or `answerdesk` (the production
 * wiring, configured from the environment like `node dist/server.js`). Talks to the parent over
 * IPC: it sends `{ url }` when listening, answers `usage` with its CPU time and RSS, sets the
 * upstream's behaviour on `behaviour`, and exits on `stop`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startServer } from '../../src/start-server';
import { FakeOpenAi, type Behaviour } from '../../test/support/fake-openai';
import { startFloorServer } from './floor-server';

type Command =
  | { cmd: 'usage' }
  | { cmd: 'stop' }
  | { cmd: 'behaviour'; behaviour: Behaviour }
  | { cmd: 'profile-start' }
  | { cmd: 'profile-stop'; file: string };

/**
 * CPU time of the main thread, from /proc (0 where there is none). The other threads' (worker
 * threads such as the sentence encoder's, the engine's GC helpers, libuv's pool) is the rest of
 * the process's: summing /proc's other threads would miss those that ended in between.
 */
function mainThreadCpuMs(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return 0;
  }
}

/** The inspector's sampling profiler on this process's main thread, for a window the parent chooses. */
function profiler() {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) =>
      session.post(method, params, (err, r) => (err ? reject(err) : resolve(r as T))),
    );
  return {
    async start() {
      await post('Profiler.enable');
      // An answer is a few milliseconds of CPU: the default interval would see only a few samples of it.
      await post('Profiler.setSamplingInterval', { interval: 250 });
      await post('Profiler.start');
    },
    async stop(file: string) {
      const { profile } = await post<{ profile: object }>('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
    },
  };
}

async function main(): Promise<void> {
  const role = process.env.BENCH_ROLE;
  let url: string;
  let close: () => Promise<void>;
  let upstream: FakeOpenAi | undefined;
  if (role === 'upstream') {
    upstream = new FakeOpenAi();
    url = await upstream.start();
    close = () => upstream!.stop();
  } else if (role === 'floor') {
    const floor = await startFloorServer(process.env.OPENAI_BASE_URL);
    url = floor.url;
    close = () => floor.close();
  } else if (role === 'answerdesk') {
    const config = loadConfig(process.env);
    const { app, address, readyMs } = await startServer(config, createLogger(config.logLevel), {
      port: 0,
      host: '127.0.0.1',
    });
    url = `http://127.0.0.1:${address.port}`;
    close = () => app.close();
    // Measured once the first embedding is in, as a server runs from then on.
    await app.knowledge.vectorsReady();
    process.send!({ readyMs });
  } else throw new Error(`BENCH_ROLE must be upstream, floor or answerdesk, not ${role}`);

  // How long callbacks waited for the event loop since the last usage report: what a busy
  // loop (a long synchronous task, a garbage collection) adds to every answer in flight.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const gc = { pauses: 0, totalMs: 0, maxMs: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.pauses++;
      gc.totalMs += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  const prof = profiler();
  process.on('message', (m: Command) => {
    if (m.cmd === 'profile-start') void prof.start().then(() => process.send!({ ok: true }));
    else if (m.cmd === 'profile-stop') void prof.stop(m.file).then(() => process.send!({ ok: true }));
    else if (m.cmd === 'usage') {
      const cpu = process.cpuUsage();
      const ms = (ns: number) => Math.round(ns / 1e4) / 100;
      const heap = process.memoryUsage();
      process.send!({
        usage: {
          cpuMs: (cpu.user + cpu.system) / 1000,
          mainThreadCpuMs: mainThreadCpuMs(),
          rssKb: Math.round(heap.rss / 1024),
          heapUsedMb: Math.round(heap.heapUsed / 2 ** 20),
          loopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
          gc: { pauses: gc.pauses, totalMs: Math.round(gc.totalMs), maxMs: Math.round(gc.maxMs * 10) / 10 },
        },
      });
      loopDelay.reset();
      Object.assign(gc, { pauses: 0, totalMs: 0, maxMs: 0 });
    } else if (m.cmd === 'behaviour') {
      upstream?.always(m.behaviour);
      process.send!({ ok: true });
    } else if (m.cmd === 'stop') {
      void close().finally(() => process.exit(0));
    }
  });
  process.send!({ url });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
