import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { HistoryStore } from '../../src/history/history-store';
import { createHistoryStore } from '../../src/history/create-history-store';
import type { AgentStore } from '../../src/agents/agent-store';
import { createAgentStore } from '../../src/agents/create-agent-store';
import { createLlm } from '../../src/llm/create-llm';
import { createRateLimits } from '../../src/limits/create-rate-limits';
import { createLogger, type Logger } from '../../src/logger';
import type { LlmProvider } from '../../src/llm/llm-provider';
import type { KnowledgeIndex } from '../../src/knowledge/knowledge-index';

/** The first admin every test app starts with. */
export const TEST_ADMIN = { email: 'admin@example.com', password: 'correct horse battery staple' };

/** Signs in over HTTP and returns the bearer token. */
export async function login(url: string, who: { email: string; password: string } = TEST_ADMIN): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

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
  opts: {
    env?: Record<string, string>;
    history?: HistoryStore;
    agents?: AgentStore;
    llm?: LlmProvider;
    index?: KnowledgeIndex;
    logger?: Logger;
    dir?: string;
    keepDir?: boolean;
  } = {},
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
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    ...opts.env,
  });
  // The production factories, so tests run the stores as server.ts wires them.
  const history = opts.history ?? (await createHistoryStore(config));
  const agents = opts.agents ?? (await createAgentStore(config));
  const rateLimits = await createRateLimits(config, createLogger('silent'));
  const app = createApp({
    config,
    history,
    agents,
    rateLimits,
    llm: opts.llm ?? createLlm(config),
    index: opts.index,
    logger: opts.logger,
  });
  const address = await app.start(0, '127.0.0.1');
  // Tests of answers expect what a server answers once its first embedding is done.
  await app.knowledge.vectorsReady();
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
