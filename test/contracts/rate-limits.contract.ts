import type { RateLimits } from '../../src/limits/rate-limits';

/** The behaviour every RateLimits must have; `make` returns a fresh one with no buckets. */
export function rateLimitsContract(name: string, make: () => Promise<RateLimits>): void {
  describe(`RateLimits contract: ${name}`, () => {
    let limits: RateLimits;
    beforeEach(async () => {
      limits = await make();
    });
    afterEach(() => limits.close());

    const v = { key: 'visitor', capacity: 3, windowMs: 60_000 };

    it('allows a burst up to capacity, then refuses with the wait until the next token', async () => {
      for (let i = 0; i < 3; i++) await limits.take([v]);
      const err = await limits.take([v]).catch((e) => e);
      expect(err).toMatchObject({ code: 'rate_limited' });
      // One token of three per minute: about 20 s until the next.
      expect(err.opts.retryAfterMs).toBeGreaterThan(19_000);
      expect(err.opts.retryAfterMs).toBeLessThanOrEqual(20_000);
    });

    it('refills over the window', async () => {
      const fast = { key: 'fast', capacity: 2, windowMs: 200 };
      await limits.take([fast]);
      await limits.take([fast]);
      await expect(limits.take([fast])).rejects.toMatchObject({ code: 'rate_limited' });
      await new Promise((r) => setTimeout(r, 150));
      await expect(limits.take([fast])).resolves.toBeUndefined();
    });

    it('takes from no key when any key is exhausted', async () => {
      const ip = { key: 'ip', capacity: 1, windowMs: 60_000 };
      const other = { key: 'other', capacity: 5, windowMs: 60_000 };
      await limits.take([ip]);
      await expect(limits.take([other, ip])).rejects.toMatchObject({ code: 'rate_limited' });
      for (let i = 0; i < 5; i++) await limits.take([other]);
      await expect(limits.take([other])).rejects.toMatchObject({ code: 'rate_limited' });
    });

    it('checks without taking, and gives a token back on refund', async () => {
      const one = { key: 'one', capacity: 1, windowMs: 60_000 };
      await limits.check([one]);
      await limits.check([one]);
      await limits.take([one]);
      await expect(limits.check([one])).rejects.toMatchObject({ code: 'rate_limited' });
      await limits.refund([one]);
      await limits.check([one]);
      await limits.take([one]);
      // A refund never lifts a bucket above its capacity.
      await limits.refund([one]);
      await limits.refund([one]);
      await limits.take([one]);
      await expect(limits.take([one])).rejects.toMatchObject({ code: 'rate_limited' });
    });

    it('counts attempts sent at once: exactly the capacity gets through', async () => {
      const burst = { key: 'burst', capacity: 5, windowMs: 60_000 };
      const results = await Promise.all(
        Array.from({ length: 40 }, () =>
          limits.take([burst]).then(
            () => 'ok',
            () => 'limited',
          ),
        ),
      );
      expect(results.filter((r) => r === 'ok')).toHaveLength(5);
    });
  });
}
