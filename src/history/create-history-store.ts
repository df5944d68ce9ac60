import path from 'node:path';
import type { Config } from '../config';
import type { HistoryStore } from './history-store';
import { SqliteHistoryStore } from './sqlite-history-store';

/** Redis when REDIS_URL is set (several nodes), otherwise SQLite in DATA_DIR. */
export async function createHistoryStore(config: Readonly<Config>): Promise<HistoryStore> {
  // Imported on demand: the Redis client library is slow to load and unused without Redis.
  if (config.redisUrl)
    return (await import('./redis-history-store')).RedisHistoryStore.connect(config.redisUrl, {
      commandTimeoutMs: config.redisCommandTimeoutMs,
    });
  return new SqliteHistoryStore(path.join(config.dataDir, 'answerdesk.db'));
}
