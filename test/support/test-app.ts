import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { HistoryStore } from '../../src/history/history-store';
import { SqliteHistoryStore } from '../../src/history/sqlite-history-store';
import { createLlm } from '../../src/llm/create-llm';
import type { LlmProvider } from '../../src/llm/llm-provider';

/** The project's sample knowledge base, copied per test so edits never touch the original. */
export const SAMPLE_KNOWLEDGE = path.resolve(__dirname, '../../knowledge');

export interface TestApp {
  app: App;
  url: string;
  config: Readonly<Config>;
  knowledgeDir: string;
  dataDir: string;
  history: HistoryStore;
  close(): Promise<void>;
}

/** A real server on a free loopback port, built the way server.ts builds it. */
export async function startTestApp(
  opts: { env?: Record<string, string>; history?: HistoryStore; llm?: LlmProvider; dir?: string; keepDir?: boolean } = {},
): Promise<TestApp> {
  const dir = opts.dir ?? mkdtempSync(path.join(os.tmpdir(), 'answerdesk-test-'));
  const knowledgeDir = path.join(dir, 'knowledge');
  const dataDir = path.join(dir, 'data');
  if (!opts.dir) cpSync(SAMPLE_KNOWLEDGE, knowledgeDir, { recursive: true });
  const config = loadConfig({
    KNOWLEDGE_DIR: knowledgeDir,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    KNOWLEDGE_DEBOUNCE_MS: '30',
    SHUTDOWN_GRACE_MS: '2000',
    ...opts.env,
  });
  const history = opts.history ?? new SqliteHistoryStore(path.join(dataDir, 'answerdesk.db'));
  const app = createApp({ config, history, llm: opts.llm ?? createLlm(config) });
  const address = await app.start(0, '127.0.0.1');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    config,
    knowledgeDir,
    dataDir,
    history,
    async close() {
      await app.close();
      if (!opts.keepDir && !opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
