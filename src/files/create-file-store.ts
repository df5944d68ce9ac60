import path from 'node:path';
import type { Config } from '../config';
import type { FileStore } from './file-store';
import { DiskFileStore } from './disk-file-store';

/** Beside the history: PostgreSQL with DATABASE_URL, else Redis with REDIS_URL, else DATA_DIR/files. */
export async function createFileStore(config: Readonly<Config>): Promise<FileStore> {
  if (config.databaseUrl) {
    const [{ connectPostgres }, { PostgresFileStore }] = await Promise.all([
      import('../postgres/postgres-connection'),
      import('../postgres/postgres-file-store'),
    ]);
    return new PostgresFileStore(await connectPostgres(config.databaseUrl));
  }
  if (config.redisUrl)
    return (await import('./redis-file-store')).RedisFileStore.connect(config.redisUrl, {
      commandTimeoutMs: config.redisCommandTimeoutMs,
    });
  return new DiskFileStore(path.join(config.dataDir, 'files'));
}
