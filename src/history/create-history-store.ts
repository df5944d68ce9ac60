import path from 'node:path';
import type { Config } from '../config';
import type { HistoryStore } from './history-store';
import { RedisHistoryStore } from './redis-history-store';
import { SqliteHistoryStore } from './sqlite-history-store';

/** Redis when REDIS_URL is set (several nodes), otherwise SQLite in DATA_DIR. */
export async function createHistoryStore(config: Readonly<Config>): Promise<HistoryStore> {
  if (config.redisUrl) return RedisHistoryStore.connect(config.redisUrl);
  return new SqliteHistoryStore(path.join(config.dataDir, 'answerdesk.db'));
}
