import type { RedisClient } from '../history/redis-connection';
import type { Logger } from '../logger';
import { limited, MemoryRateLimits } from './memory-rate-limits';
import type { Limit, RateLimits } from './rate-limits';

/**
 * One script per operation, so the check and the charge of every key happen at once on the
 * server: attempts sent to different nodes at the same moment cannot race the limit. Time is
 * Redis's own clock, so nodes whose clocks differ still agree. Returns the wait in ms (0: done).
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local mode = ARGV[1]
local wait = 0
local tokens = {}
for i, key in ipairs(KEYS) do
  local cap = tonumber(ARGV[2 * i])
  local win = tonumber(ARGV[2 * i + 1])
  local v = redis.call('HMGET', key, 't', 'at')
  local have = tonumber(v[1])
  if have == nil then
    have = cap
  else
    have = math.min(cap, have + (now - tonumber(v[2])) * cap / win)
  end
  tokens[i] = have
  if have < 1 then wait = math.max(wait, math.ceil((1 - have) * win / cap)) end
end
if mode == 'check' or (mode == 'take' and wait > 0) then return wait end
for i, key in ipairs(KEYS) do
  local cap = tonumber(ARGV[2 * i])
  local win = tonumber(ARGV[2 * i + 1])
  local have = tokens[i]
  if mode == 'take' then have = have - 1 else have = math.min(cap, have + 1) end
  redis.call('HSET', key, 't', tostring(have), 'at', tostring(now))
  redis.call('PEXPIRE', key, win)
end
return 0
`;

/**
 * The buckets in Redis, shared by every node. While Redis cannot be reached, each node falls
 * back to buckets of its own (a limit per node, not none), and says so once in the log.
 */
export class RedisRateLimits implements RateLimits {
  private readonly fallback = new MemoryRateLimits();
  private degraded = false;

  constructor(
    private readonly client: RedisClient,
    private readonly logger: Logger,
    private readonly prefix = 'answerdesk:limit:',
  ) {}

  take(limits: Limit[]): Promise<void> {
    return this.run('take', limits, () => this.fallback.take(limits));
  }

  check(limits: Limit[]): Promise<void> {
    return this.run('check', limits, () => this.fallback.check(limits));
  }

  refund(limits: Limit[]): Promise<void> {
    return this.run('refund', limits, () => this.fallback.refund(limits));
  }

  async close(): Promise<void> {
    await this.fallback.close();
    await this.client.quit().catch(() => undefined);
  }

  private async run(mode: string, limits: Limit[], local: () => Promise<void>): Promise<void> {
    if (limits.length === 0) return;
    let wait: number;
    try {
      wait = Number(
        await this.client.eval(SCRIPT, {
          keys: limits.map((l) => this.prefix + l.key),
          arguments: [mode, ...limits.flatMap((l) => [String(l.capacity), String(l.windowMs)])],
        }),
      );
    } catch (err) {
      if (!this.degraded) this.logger.warn({ err }, 'rate limits fall back to this node while Redis is unreachable');
      this.degraded = true;
      return local();
    }
    if (this.degraded) this.logger.info('rate limits are shared through Redis again');
    this.degraded = false;
    if (wait > 0) throw limited(wait);
  }
}
