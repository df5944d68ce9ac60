import path from 'node:path';
import type { Config } from '../config';
import type { AgentStore } from './agent-store';
import { SqliteAgentStore } from './sqlite-agent-store';

/** PostgreSQL with DATABASE_URL, else Redis with REDIS_URL (every node sees the same accounts), else SQLite in DATA_DIR. */
export async function createAgentStore(config: Readonly<Config>): Promise<AgentStore> {
  if (config.databaseUrl) {
    const [{ connectPostgres }, { PostgresAgentStore }] = await Promise.all([
      import('../postgres/postgres-connection'),
      import('../postgres/postgres-agent-store'),
    ]);
    return new PostgresAgentStore(await connectPostgres(config.databaseUrl));
  }
  if (config.redisUrl)
    return (await import('./redis-agent-store')).RedisAgentStore.connect(config.redisUrl, {
      commandTimeoutMs: config.redisCommandTimeoutMs,
    });
  return new SqliteAgentStore(path.join(config.dataDir, 'answerdesk.db'));
}
