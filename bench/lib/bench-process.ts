/**
 * One side of a benchmark in its own process, so that the server under test has a core to
 * itself and its CPU time and memory can be read: `BENCH_ROLE` is `upstream` (the fake
 * OpenAI-compatible server), `floor` (bare Socket.IO relay) or `answerdesk` (the production
 * wiring, configured from the environment like `node dist/server.js`). Talks to the parent over
 * IPC: it sends `{ url }` when listening, answers `usage` with its CPU time and RSS, sets the
 * upstream's behaviour on `behaviour`, and exits on `stop`.
 */
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startServer } from '../../src/start-server';
import { FakeOpenAi, type Behaviour } from '../../test/support/fake-openai';
import { startFloorServer } from './floor-server';

type Command = { cmd: 'usage' } | { cmd: 'stop' } | { cmd: 'behaviour'; behaviour: Behaviour };

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
    const { app, address, readyMs } = await startServer(config, createLogger(config.logLevel), { port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${address.port}`;
    close = () => app.close();
    process.send!({ readyMs });
  } else throw new Error(`BENCH_ROLE must be upstream, floor or answerdesk, not ${role}`);

  process.on('message', (m: Command) => {
    if (m.cmd === 'usage') {
      const cpu = process.cpuUsage();
      process.send!({ usage: { cpuMs: (cpu.user + cpu.system) / 1000, rssKb: Math.round(process.memoryUsage().rss / 1024) } });
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
