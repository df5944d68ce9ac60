import type { App } from './app';
import type { Config } from './config';
import { createKnowledgeBase } from './knowledge/create-knowledge-base';
import type { Logger } from './logger';

/**
 * The production wiring from a validated config: stores (SQLite or Redis), the LLM (or offline
 * answers), the app, listening. Shared by `server.ts` and the benchmarks, so what is measured
 * is what runs.
 *
 * The knowledge folder is read first, and the HTTP stack (Express, Socket.IO, the stores, the
 * routes: 0.15-0.2 s of module loading) is loaded only once its words are indexed, while the
 * encoder's thread embeds the chunks: on a first start the encoder is what ready waits for, and
 * it starts that much sooner.
 */
export async function startServer(config: Config, logger: Logger, listen: { port?: number; host?: string } = {}) {
  const startedAt = performance.now();
  const knowledge = createKnowledgeBase(config, logger);
  await knowledge.indexed();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createAgentStore } = require('./agents/create-agent-store') as typeof import('./agents/create-agent-store');
  const { createApp } = require('./app') as typeof import('./app');
  const { createHistoryStore } = require('./history/create-history-store') as typeof import('./history/create-history-store');
  const { createLlm } = require('./llm/create-llm') as typeof import('./llm/create-llm');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const history = await createHistoryStore(config);
  const agents = await createAgentStore(config);
  const llm = createLlm(config);
  const app: App = createApp({ config, history, agents, llm, logger, knowledge });
  const address = await app.start(listen.port, listen.host);
  return { app, address, llm, readyMs: Math.round(performance.now() - startedAt) };
}
