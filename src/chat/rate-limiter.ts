import { AppError } from '../errors';

interface Bucket {
  tokens: number;
  at: number;
}

/** A key to charge and how many messages per window it may send. */
export interface Limit {
  key: string;
  capacity: number;
}

/**
 * Token buckets (a visitor, an IP): each key may send `capacity` messages at once, refilled
 * evenly over `windowMs`. In-process: with several nodes each enforces its own share, which
 * bounds a flood without a Redis round trip on the answer path.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly opts: { windowMs: number; disabled?: boolean; now?: () => number }) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, opts.windowMs)).unref();
  }

  /** Takes one token from every key, or throws `rate_limited` (taking none) with the wait. */
  take(limits: Limit[]): void {
    if (this.opts.disabled) return;
    const now = this.now();
    const buckets = limits.map((l) => this.refill(l, now));
    let waitMs = 0;
    buckets.forEach((b, i) => {
      if (b.tokens < 1)
        waitMs = Math.max(waitMs, Math.ceil(((1 - b.tokens) * this.opts.windowMs) / limits[i].capacity));
    });
    if (waitMs > 0) throw new AppError('rate_limited', undefined, { retryAfterMs: waitMs });
    for (const b of buckets) b.tokens -= 1;
  }

  /** Throws `rate_limited` if any key has no token left, taking nothing (charge later with {@link charge}). */
  check(limits: Limit[]): void {
    if (this.opts.disabled) return;
    const now = this.now();
    let waitMs = 0;
    for (const l of limits) {
      const b = this.refill(l, now);
      if (b.tokens < 1) waitMs = Math.max(waitMs, Math.ceil(((1 - b.tokens) * this.opts.windowMs) / l.capacity));
    }
    if (waitMs > 0) throw new AppError('rate_limited', undefined, { retryAfterMs: waitMs });
  }

  /** Takes one token from every key, never throwing (a bucket may go down to zero). */
  charge(limits: Limit[]): void {
    if (this.opts.disabled) return;
    const now = this.now();
    for (const l of limits) {
      const b = this.refill(l, now);
      b.tokens = Math.max(0, b.tokens - 1);
    }
  }

  /** Gives back one token to every key (an attempt that turned out not to count). */
  refund(limits: Limit[]): void {
    if (this.opts.disabled) return;
    const now = this.now();
    for (const l of limits) {
      const b = this.refill(l, now);
      b.tokens = Math.min(l.capacity, b.tokens + 1);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private refill({ key, capacity }: Limit, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: capacity, at: now };
      this.buckets.set(key, b);
      return b;
    }
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) * capacity) / this.opts.windowMs);
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
