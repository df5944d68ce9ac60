/**
 * `npx tsx bench/answer-path.ts`: which of the project's source files a visitor's question runs
 * through on the server's main thread, from `message:send` to `answer:end`, with the embedded
 * defaults (SQLite, the in-process index, offline answers). V8's precise coverage counts every
 * function call; the counters are reset after a warm-up question, then one question is asked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { createAgentStore } from '../src/agents/create-agent-store';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createHistoryStore } from '../src/history/create-history-store';

const ROOT = path.resolve(__dirname, '..');

interface Coverage {
  result: { url: string; functions: { ranges: { count: number }[] }[] }[];
}

async function ask(url: string, text: string): Promise<void> {
  const socket = io(`${url}/visitor`, { transports: ['websocket'] });
  await new Promise<void>((resolve) => socket.once('session', () => resolve()));
  const ended = new Promise<void>((resolve) => socket.once('answer:end', () => resolve()));
  await socket.emitWithAck('message:send', { clientMessageId: `q-${Date.now()}`, text });
  await ended;
  socket.close();
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-path-'));
  const config = loadConfig({
    KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    DEMO_PAGE: '0',
    ADMIN_PASSWORD: 'not-used-here',
  });
  const app = createApp({ config, history: await createHistoryStore(config), agents: await createAgentStore(config) });
  const { port } = await app.start(0, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
  await ask(url, 'How do I reset my password?');
  await session.post('Profiler.takePreciseCoverage'); // resets the counters
  await ask(url, 'My parcel arrived damaged, what can I do?');
  const { result } = (await session.post('Profiler.takePreciseCoverage')) as unknown as Coverage;
  await session.post('Profiler.stopPreciseCoverage');
  session.disconnect();

  const files = result
    .filter((s) => s.url.startsWith('file://'))
    .map((s) => ({
      file: path.relative(ROOT, fileURLToPath(s.url)),
      calls: s.functions.filter((f) => f.ranges[0].count > 0).length,
    }))
    .filter((f) => f.calls > 0 && f.file.startsWith('src/'))
    .sort((a, b) => a.file.localeCompare(b.file));
  for (const f of files) console.log(`${f.file.padEnd(52)} ${f.calls} functions`);
  const knowledge = files.filter((f) => f.file.startsWith('src/knowledge/')).length;
  console.log(`\n${files.length} files crossed by one answer, ${knowledge} of them in src/knowledge`);
  await app.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
