/** A key to charge, how many tokens it holds at most, and how long it takes to refill them all. */
export interface Limit {
  key: string;
  capacity: number;
  windowMs: number;
}

/**
 * Token buckets (a visitor, a client address, an account): each key may spend `capacity`
 * tokens at once, refilled evenly over `windowMs`. In memory on one node; in Redis with several,
 * so that every node enforces one limit. Every implementation passes
 * test/contracts/rate-limits.contract.ts.
 */
export interface RateLimits {
  /** Takes one token from every key, or throws `rate_limited` (taking none) with the wait. */
  take(limits: Limit[]): Promise<void>;
  /** Throws `rate_limited` if any key has no token left, taking nothing. */
  check(limits: Limit[]): Promise<void>;
  /** Gives one token back to every key (an attempt that turned out not to count). */
  refund(limits: Limit[]): Promise<void>;
  close(): Promise<void>;
}

/** For benchmarks and evaluations (RATE_LIMIT_DISABLED): every call passes. */
export const NO_RATE_LIMITS: RateLimits = {
  take: async () => undefined,
  check: async () => undefined,
  refund: async () => undefined,
  close: async () => undefined,
};
