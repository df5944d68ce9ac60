import { MemoryRateLimits } from '../limits/memory-rate-limits';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let limits: MemoryRateLimits;
  const slept: number[] = [];
  const throttle = () =>
    new LoginThrottle({
      limits,
      limit: 5,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
  beforeEach(() => {
    limits = new MemoryRateLimits();
    slept.length = 0;
  });
  afterEach(() => limits.close());

  it('counts attempts sent at once before any is checked: the right password past the limit is refused', async () => {
    const t = throttle();
    let checked = 0;
    const attempts = Array.from({ length: 150 }, (_, i) =>
      t
        .attempt('admin@example.com', '203.0.113.1', async () => {
          checked++;
          await new Promise((r) => setTimeout(r, 1));
          return i === 100 ? 'token' : null;
        })
        .then(
          (r) => (r ? 'signed in' : 'wrong'),
          (err) => err.code,
        ),
    );
    const results = await Promise.all(attempts);
    expect(checked).toBe(5);
    expect(results.filter((r) => r === 'wrong')).toHaveLength(5);
    expect(results.filter((r) => r === 'rate_limited')).toHaveLength(145);
    expect(results[100]).toBe('rate_limited');
  });

  it('lets the right password in from another address after failures, only slower', async () => {
    const t = throttle();
    // Guesses from many addresses, each under its own limit: the first five are not slowed.
    for (let i = 0; i < 8; i++)
      await expect(t.attempt('admin@example.com', `198.51.100.${i}`, async () => null)).resolves.toBeNull();
    expect(slept).toEqual([2000, 2000, 2000]);
    slept.length = 0;
    await expect(t.attempt('admin@example.com', '192.0.2.10', async () => 'token')).resolves.toBe('token');
    // It waited its turn, but was not refused.
    expect(slept).toEqual([2000]);
    // Other accounts are not slowed.
    slept.length = 0;
    await t.attempt('someone@example.com', '192.0.2.10', async () => 'token');
    expect(slept).toEqual([]);
  });

  it('gives a successful attempt its count back, and limits an address across accounts', async () => {
    const t = throttle();
    for (let i = 0; i < 10; i++) await t.attempt('ann@example.com', '192.0.2.1', async () => 'ok');
    const sprayed = [];
    for (let i = 0; i < 30; i++)
      sprayed.push(await t.attempt(`user${i}@example.com`, '192.0.2.2', async () => null).catch((e) => e.code));
    expect(sprayed.filter((r) => r === 'rate_limited')).toHaveLength(5);
  });
});
