import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * A connected client for the Redis-backed stores. It reconnects by itself, backing off; without
 * an error listener a dropped connection would crash the process. Rejects when
 * Redis cannot be reached at first.
 */
export async function connectRedis(url: string): Promise<RedisClient> {
  const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2000) } });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
