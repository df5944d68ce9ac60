import { AppError } from '../errors';
import type { Limit, RateLimits } from '../limits/rate-limits';

const WINDOW_MS = 15 * 60_000;
/** How long each attempt on an account under attack waits its turn. */
const BACKOFF_MS = 2000;
/** Attempts that may wait their turn on one account on this node; past this, they are refused at once. */
const MAX_WAITING = 20;

/**
 * Sign-in throttling that slows an attacker without locking the right password out.
 *  - Every attempt is counted before its password is checked, so attempts sent at once cannot
 *    race the limit: `limit` per 15 minutes from one address on one account, five times that
 *    from one address. A sign-in that succeeds gives its count back.
 *  - Failures on an account, from any address, are counted too. Past `limit` of them, the
 *    account's attempts are checked one at a time, each after a back-off: a stranger guessing
 *    from many addresses gets a few guesses a minute, and the owner still signs in, later.
 * With Redis the counts are shared by every node (see RateLimits); the queue is per node.
 */
export class LoginThrottle {
  private readonly queues = new Map<string, { tail: Promise<void>; waiting: number }>();

  constructor(private readonly o: { limits: RateLimits; limit: number; sleep?: (ms: number) => Promise<void> }) {}

  /** Runs `check` (the password check) as this attempt's turn allows; throws `rate_limited` when the attempt is refused. */
  async attempt<T>(email: string, ip: string, check: () => Promise<T | null>): Promise<T | null> {
    const account = email.toLowerCase();
    const own: Limit[] = [
      { key: `login:${account}|${ip}`, capacity: this.o.limit, windowMs: WINDOW_MS },
      { key: `login-ip:${ip}`, capacity: this.o.limit * 5, windowMs: WINDOW_MS },
    ];
    const failures: Limit[] = [{ key: `login-failures:${account}`, capacity: this.o.limit, windowMs: WINDOW_MS }];
    try {
      await this.o.limits.take(own);
    } catch (err) {
      throw refused(err);
    }
    const underAttack = await this.o.limits.check(failures).then(
      () => false,
      () => true,
    );
    const run = async () => {
      const result = await check();
      if (result === null) await this.o.limits.take(failures).catch(() => undefined);
      else await this.o.limits.refund(own);
      return result;
    };
    return underAttack ? this.inTurn(account, run) : run();
  }

  /** One attempt at a time on this account, each after the back-off. */
  private async inTurn<T>(account: string, run: () => Promise<T>): Promise<T> {
    let q = this.queues.get(account);
    if (!q) this.queues.set(account, (q = { tail: Promise.resolve(), waiting: 0 }));
    if (q.waiting >= MAX_WAITING) throw refused();
    q.waiting++;
    const turn = q.tail.then(() => this.sleep(BACKOFF_MS));
    let release!: () => void;
    q.tail = new Promise<void>((r) => (release = r));
    try {
      await turn;
      return await run();
    } finally {
      q.waiting--;
      release();
      if (q.waiting === 0) this.queues.delete(account);
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.o.sleep ? this.o.sleep(ms) : new Promise((r) => setTimeout(r, ms));
  }
}

function refused(err?: unknown): AppError {
  const retryAfterMs = err instanceof AppError ? err.opts.retryAfterMs : BACKOFF_MS;
  return new AppError('rate_limited', 'Too many sign-in attempts. Please wait and try again.', { retryAfterMs });
}
