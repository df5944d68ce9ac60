import path from 'node:path';
import type { Config } from '../config';
import type { AgentStore } from './agent-store';
import { SqliteAgentStore } from './sqlite-agent-store';

/** Redis when REDIS_URL is set (every node sees the same accounts), otherwise the SQLite file in DATA_DIR. */
export async function createAgentStore(config: Readonly<Config>): Promise<AgentStore> {
  if (config.redisUrl)
    return (await import('./redis-agent-store')).RedisAgentStore.connect(config.redisUrl, {
      commandTimeoutMs: config.redisCommandTimeoutMs,
    });
  return new SqliteAgentStore(path.join(config.dataDir, 'answerdesk.db'));
}
