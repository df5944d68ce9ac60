import type { Config } from '../config';
import type { Logger } from '../logger';
import { MemoryRateLimits } from './memory-rate-limits';
import type { RateLimits } from './rate-limits';

/** Redis when REDIS_URL is set (one limit for every node), otherwise this process's memory. */
export async function createRateLimits(config: Readonly<Config>, logger: Logger): Promise<RateLimits> {
  if (!config.redisUrl) return new MemoryRateLimits();
  const [{ connectRedis }, { RedisRateLimits }] = await Promise.all([
    import('../history/redis-connection'),
    import('./redis-rate-limits'),
  ]);
  return new RedisRateLimits(
    // Shorter than the stores': a limit that cannot be checked soon falls back to this node's.
    await connectRedis(config.redisUrl, { commandTimeoutMs: Math.min(500, config.redisCommandTimeoutMs) }),
    logger.child({ module: 'rate-limits' }),
  );
}
