import { createAgentStore } from './agents/create-agent-store';
import { createApp } from './app';
import type { Config } from './config';
import { createFileStore } from './files/create-file-store';
import { createHistoryStore } from './history/create-history-store';
import { createLlm } from './llm/create-llm';
import { createRateLimits } from './limits/create-rate-limits';
import type { Logger } from './logger';

/**
 * The production wiring from a validated config: stores (SQLite, Redis or PostgreSQL; files beside them), the LLM (or offline
 * answers), the app, listening. Shared by `server.ts` and the benchmarks, so what is measured
 * is what runs.
 */
export async function startServer(config: Config, logger: Logger, listen: { port?: number; host?: string } = {}) {
  const startedAt = performance.now();
  const history = await createHistoryStore(config);
  const agents = await createAgentStore(config);
  const rateLimits = await createRateLimits(config, logger);
  const files = await createFileStore(config);
  const llm = createLlm(config);
  const app = createApp({ config, history, agents, rateLimits, files, llm, logger });
  const address = await app.start(listen.port, listen.host);
  return { app, address, llm, readyMs: Math.round(performance.now() - startedAt) };
}
