import { IDENTITY_SECRET as SECRET, signJwt as jwt, userHash, withClaims } from '../../test/support/identity';
import { IdentityVerifier } from './identity-verifier';

describe('IdentityVerifier', () => {
  const now = Date.parse('2026-06-01T00:00:00Z');
  const optional = new IdentityVerifier(SECRET, false, () => now);
  const required = new IdentityVerifier(SECRET, true, () => now);

  it('accepts a userHash of the user id and a HS256 JWT, as verified', () => {
    expect(optional.verify({ userId: 'u-1', userHash: userHash('u-1'), email: 'ann@example.com' })).toEqual({
      userId: 'u-1',
      email: 'ann@example.com',
      verified: true,
    });
    const token = jwt({ sub: 'u-2', name: 'Bo', email: 'bo@example.com', exp: now / 1000 + 60 });
    expect(required.verify({ jwt: token })).toEqual({
      userId: 'u-2',
      name: 'Bo',
      email: 'bo@example.com',
      verified: true,
    });
  });

  it.each([
    ['A’s signature on B', { userId: 'user-b', userHash: userHash('user-a') }],
    ['a hash signed with another secret', { userId: 'u-1', userHash: userHash('u-1', 'another-secret-456') }],
    ['a userHash without its user id', { userHash: userHash('u-1') }],
    ['a tampered JWT', { jwt: withClaims(jwt({ sub: 'u-1' }), { sub: 'admin' }) }],
    ['an expired JWT', { jwt: jwt({ sub: 'u-1', exp: now / 1000 - 1 }) }],
    ['a JWT with alg none', { jwt: jwt({ sub: 'u-1' }, { alg: 'none' }) }],
    ['a JWT with another algorithm', { jwt: jwt({ sub: 'u-1' }, { alg: 'HS512' }) }],
    ['a JWT signed with another secret', { jwt: jwt({ sub: 'u-1' }, { secret: 'another-secret-456' }) }],
    ['a JWT naming no user', { jwt: jwt({ email: 'x@example.com' }) }],
    ['not a JWT', { jwt: 'abc.def' }],
  ])('refuses %s, whether or not identities are required', (_what, claim) => {
    for (const v of [optional, required])
      expect(() => v.verify(claim)).toThrow(expect.objectContaining({ code: 'identity_invalid' }));
  });

  it('keeps an unsigned identity as unverified, unless signed ones are required', () => {
    expect(optional.verify({ name: 'Cy', email: 'cy@example.com' })).toEqual({
      name: 'Cy',
      email: 'cy@example.com',
      verified: false,
    });
    expect(() => required.verify({ name: 'Cy', email: 'cy@example.com' })).toThrow(
      expect.objectContaining({ code: 'identity_invalid' }),
    );
  });

  it('verifies nothing without a secret', () => {
    const none = new IdentityVerifier(undefined, false, () => now);
    expect(() => none.verify({ userId: 'u-1', userHash: userHash('u-1') })).toThrow(
      expect.objectContaining({ code: 'identity_invalid' }),
    );
    expect(none.verify({ email: 'dee@example.com' })).toEqual({ email: 'dee@example.com', verified: false });
  });
});
