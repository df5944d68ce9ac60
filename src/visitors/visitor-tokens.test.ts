import { VisitorTokens } from './visitor-tokens';

describe('VisitorTokens', () => {
  const secret = Buffer.from('k'.repeat(32));
  let now = 1_000_000;
  const tokens = new VisitorTokens(secret, 60_000, () => now);

  it('vouches for the visitor it was issued to until it expires', () => {
    const { token, expiresAt } = tokens.issue('visitor-a');
    expect(expiresAt).toBe(now + 60_000);
    expect(tokens.verify(token)).toEqual({ visitorId: 'visitor-a', expiresAt: Math.floor(expiresAt / 1000) * 1000 });
    now += 61_000;
    expect(() => tokens.verify(token)).toThrow(
      expect.objectContaining({ code: 'unauthorized', message: expect.stringMatching(/expired/) }),
    );
  });

  it('refuses a token whose payload was changed, one signed with another key, and garbage', () => {
    const { token } = tokens.issue('visitor-a');
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ v: 'visitor-b', e: 9_999_999_999 })).toString('base64url')}.${signature}`;
    const otherKey = new VisitorTokens(Buffer.from('o'.repeat(32)), 60_000, () => now).issue('visitor-a').token;
    for (const bad of [forged, otherKey, 'abc', 'a.b.c', '.', `${token}x`]) {
      expect(() => tokens.verify(bad)).toThrow(
        expect.objectContaining({ code: 'unauthorized', opts: { field: 'token' } }),
      );
    }
  });

  it('makes visitor ids nobody can guess', () => {
    const ids = new Set(Array.from({ length: 100 }, () => VisitorTokens.newVisitorId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
