import { AppError } from '../errors';

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets keyed by visitor and by IP: `capacity` messages at once, refilled evenly over
 * `windowMs`. In-process: with several nodes each enforces its own share, which bounds a flood
 * without a Redis round trip on the answer path.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly opts: { capacity: number; windowMs: number; disabled?: boolean; now?: () => number }) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, opts.windowMs)).unref();
  }

  /** Takes one token from every key, or throws `rate_limited` (taking none) with the wait. */
  take(keys: string[]): void {
    if (this.opts.disabled) return;
    const now = this.now();
    const buckets = keys.map((k) => this.refill(k, now));
    const short = buckets.find((b) => b.tokens < 1);
    if (short) {
      const retryAfterMs = Math.ceil(((1 - short.tokens) * this.opts.windowMs) / this.opts.capacity);
      throw new AppError('rate_limited', undefined, { retryAfterMs });
    }
    for (const b of buckets) b.tokens -= 1;
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private refill(key: string, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.opts.capacity, at: now };
      this.buckets.set(key, b);
      return b;
    }
    const rate = this.opts.capacity / this.opts.windowMs;
    b.tokens = Math.min(this.opts.capacity, b.tokens + (now - b.at) * rate);
    b.at = now;
    return b;
  }

  private sweep(): void {
    const now = this.now();
    for (const [k, b] of this.buckets) {
      if (now - b.at >= this.opts.windowMs) this.buckets.delete(k);
    }
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }
}
