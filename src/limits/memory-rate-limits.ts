import { AppError } from '../errors';
import type { Limit, RateLimits } from './rate-limits';

interface Bucket {
  tokens: number;
  at: number;
  windowMs: number;
}

/**
 * The buckets in this process: each node of a cluster without Redis enforces its own share.
 * Every operation completes before it returns, so attempts sent at once are counted in order.
 */
export class MemoryRateLimits implements RateLimits {
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now) {
    this.sweeper = setInterval(() => this.sweep(), 60_000).unref();
  }

  async take(limits: Limit[]): Promise<void> {
    this.takeNow(limits);
  }

  /** {@link take}, synchronously. */
  takeNow(limits: Limit[]): void {
    const now = this.now();
    const buckets = limits.map((l) => this.refill(l, now));
    const wait = waitMs(buckets, limits);
    if (wait > 0) throw limited(wait);
    for (const b of buckets) b.tokens -= 1;
  }

  async check(limits: Limit[]): Promise<void> {
    const now = this.now();
    const wait = waitMs(
      limits.map((l) => this.refill(l, now)),
      limits,
    );
    if (wait > 0) throw limited(wait);
  }

  async refund(limits: Limit[]): Promise<void> {
    const now = this.now();
    for (const l of limits) {
      const b = this.refill(l, now);
      b.tokens = Math.min(l.capacity, b.tokens + 1);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  private refill({ key, capacity, windowMs }: Limit, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: capacity, at: now, windowMs };
      this.buckets.set(key, b);
      return b;
    }
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) * capacity) / windowMs);
    b.at = now;
    return b;
  }

  /** A bucket untouched for a whole window is full again: forgetting it changes nothing. */
  private sweep(): void {
    const now = this.now();
    for (const [k, b] of this.buckets) if (now - b.at >= b.windowMs) this.buckets.delete(k);
  }
}

function waitMs(buckets: Bucket[], limits: Limit[]): number {
  let wait = 0;
  buckets.forEach((b, i) => {
    if (b.tokens < 1) wait = Math.max(wait, Math.ceil(((1 - b.tokens) * limits[i].windowMs) / limits[i].capacity));
  });
  return wait;
}

export function limited(retryAfterMs: number): AppError {
  return new AppError('rate_limited', undefined, { retryAfterMs });
}
