import path from 'node:path';
import type { Config } from '../config';
import type { HistoryStore } from './history-store';
import { SqliteHistoryStore } from './sqlite-history-store';

/** PostgreSQL with DATABASE_URL, else Redis with REDIS_URL (several nodes), else SQLite in DATA_DIR. */
export async function createHistoryStore(config: Readonly<Config>): Promise<HistoryStore> {
  if (config.databaseUrl) {
    const [{ connectPostgres }, { PostgresHistoryStore }] = await Promise.all([
      import('../postgres/postgres-connection'),
      import('../postgres/postgres-history-store'),
    ]);
    return new PostgresHistoryStore(await connectPostgres(config.databaseUrl));
  }
  // Imported on demand: the Redis client library is slow to load and unused without Redis.
  if (config.redisUrl)
    return (await import('./redis-history-store')).RedisHistoryStore.connect(config.redisUrl, {
      commandTimeoutMs: config.redisCommandTimeoutMs,
    });
  return new SqliteHistoryStore(path.join(config.dataDir, 'answerdesk.db'));
}
