import { AppError } from '../errors';
import type { Limit, RateLimiter } from '../chat/rate-limiter';

/** Longest an account's next sign-in attempt waits once it has failed often. */
const MAX_DELAY_MS = 5000;
/** Attempts that may wait their turn on one account; past this, they are refused at once. */
const MAX_WAITING = 20;
/** Failures are forgotten after this long without one. */
const FAILURE_MEMORY_MS = 15 * 60_000;

interface Account {
  failures: number;
  lastFailureAt: number;
  /** The end of the queue of attempts on this account: each waits for the one before. */
  tail: Promise<void>;
  waiting: number;
}

/**
 * Sign-in throttling that slows an attacker without locking the right password out.
 *  - Every attempt is counted before its password is checked, synchronously, so attempts sent
 *    at once cannot race the limit: `limit` per address on one account and five times that per
 *    address, per 15 minutes. A sign-in that succeeds gives its token back.
 *  - An account's failures, from any address, slow its later attempts: past `limit` they are
 *    checked one at a time, each after a back-off that doubles up to five seconds. The right
 *    password still signs in, after that wait, so a stranger guessing cannot keep its owner out.
 */
export class LoginThrottle {
  private readonly accounts = new Map<string, Account>();

  constructor(
    private readonly o: {
      limiter: RateLimiter;
      limit: number;
      now?: () => number;
      sleep?: (ms: number) => Promise<void>;
    },
  ) {}

  /** Runs `check` (the password check) as this attempt's turn allows; throws `rate_limited` when the attempt is refused. */
  async attempt<T>(email: string, ip: string, check: () => Promise<T | null>): Promise<T | null> {
    const account = email.toLowerCase();
    const limits: Limit[] = [
      { key: `login:${account}|${ip}`, capacity: this.o.limit },
      { key: `login-ip:${ip}`, capacity: this.o.limit * 5 },
    ];
    try {
      this.o.limiter.take(limits);
    } catch (err) {
      throw refused(err);
    }
    const state = this.account(account);
    if (state.waiting >= MAX_WAITING) {
      this.o.limiter.refund(limits);
      throw refused();
    }
    const delay = this.delayFor(state);
    state.waiting++;
    const turn = state.tail.then(() => (delay > 0 ? this.sleep(delay) : undefined));
    let release!: () => void;
    state.tail = new Promise<void>((r) => (release = r));
    try {
      await turn;
      const result = await check();
      if (result === null) {
        state.failures++;
        state.lastFailureAt = this.now();
      } else {
        this.o.limiter.refund(limits);
        state.failures = 0;
      }
      return result;
    } finally {
      state.waiting--;
      release();
      if (state.waiting === 0 && state.failures === 0) this.accounts.delete(account);
    }
  }

  private account(email: string): Account {
    // Addresses spraying many emails leave one entry each; forget those long past.
    if (this.accounts.size > 10_000)
      for (const [k, v] of this.accounts)
        if (v.waiting === 0 && this.now() - v.lastFailureAt > FAILURE_MEMORY_MS) this.accounts.delete(k);
    let a = this.accounts.get(email);
    if (a && a.failures > 0 && this.now() - a.lastFailureAt > FAILURE_MEMORY_MS) a.failures = 0;
    if (!a) {
      a = { failures: 0, lastFailureAt: 0, tail: Promise.resolve(), waiting: 0 };
      this.accounts.set(email, a);
    }
    return a;
  }

  private delayFor(a: Account): number {
    const over = a.failures - this.o.limit;
    return over < 0 ? 0 : Math.min(MAX_DELAY_MS, 250 * 2 ** Math.min(over, 10));
  }

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  private sleep(ms: number): Promise<void> {
    return this.o.sleep ? this.o.sleep(ms) : new Promise((r) => setTimeout(r, ms));
  }
}

function refused(err?: unknown): AppError {
  const retryAfterMs = err instanceof AppError ? err.opts.retryAfterMs : MAX_DELAY_MS;
  return new AppError('rate_limited', 'Too many sign-in attempts. Please wait and try again.', { retryAfterMs });
}
