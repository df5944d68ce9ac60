import { connectRedis } from '../../src/history/redis-connection';
import { createLogger } from '../../src/logger';
import { MemoryRateLimits } from '../../src/limits/memory-rate-limits';
import { RedisRateLimits } from '../../src/limits/redis-rate-limits';
import { redisContract } from '../support/redis-server';
import { rateLimitsContract } from './rate-limits.contract';

rateLimitsContract('memory', async () => new MemoryRateLimits());

redisContract(
  'redis',
  rateLimitsContract,
  async (url, prefix) => new RedisRateLimits(await connectRedis(url), createLogger('silent'), prefix),
);
