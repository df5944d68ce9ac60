import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let now = 0;
  const make = (disabled = false) => new RateLimiter({ windowMs: 60_000, disabled, now: () => now });

  it('allows a burst up to capacity, then refuses with the wait until the next token', () => {
    now = 0;
    const l = make();
    for (let i = 0; i < 3; i++) l.take([{ key: 'v', capacity: 3 }]);
    expect(() => l.take([{ key: 'v', capacity: 3 }])).toThrow(
      expect.objectContaining({ code: 'rate_limited', opts: expect.objectContaining({ retryAfterMs: 20_000 }) }),
    );
    now = 20_000;
    expect(() => l.take([{ key: 'v', capacity: 3 }])).not.toThrow();
    l.close();
  });

  it('charges no key when any key is exhausted', () => {
    now = 0;
    const l = make();
    l.take([{ key: 'ip', capacity: 1 }]);
    expect(() =>
      l.take([
        { key: 'v2', capacity: 5 },
        { key: 'ip', capacity: 1 },
      ]),
    ).toThrow();
    for (let i = 0; i < 5; i++) l.take([{ key: 'v2', capacity: 5 }]);
    l.close();
  });

  it('does nothing when disabled', () => {
    now = 0;
    const l = make(true);
    expect(() => {
      for (let i = 0; i < 100; i++) l.take([{ key: 'v', capacity: 1 }]);
    }).not.toThrow();
    // The same load on an enabled limiter is refused at the second message.
    const on = make();
    on.take([{ key: 'v', capacity: 1 }]);
    expect(() => on.take([{ key: 'v', capacity: 1 }])).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    l.close();
    on.close();
  });
});
