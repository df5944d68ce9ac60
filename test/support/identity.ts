import { createHmac } from 'node:crypto';

/** The identity secret test servers are started with (WIDGET_IDENTITY_SECRET). */
export const IDENTITY_SECRET = 'site-identity-secret-123';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An HS256 JWT as a site's backend would sign it (or, with `alg`, as an attacker would forge it). */
export function signJwt(claims: object, opts: { secret?: string; alg?: string } = {}): string {
  const head = b64({ alg: opts.alg ?? 'HS256', typ: 'JWT' });
  const body = b64(claims);
  const sig = createHmac('sha256', opts.secret ?? IDENTITY_SECRET)
    .update(`${head}.${body}`)
    .digest('base64url');
  return `${head}.${body}.${opts.alg === 'none' ? '' : sig}`;
}

/** Intercom-style identity verification: the hex HMAC-SHA256 of the user id. */
export const userHash = (userId: string, secret = IDENTITY_SECRET) =>
  createHmac('sha256', secret).update(userId).digest('hex');

/** A JWT's payload replaced, its signature kept. */
export const withClaims = (jwt: string, claims: object) => jwt.replace(/\.([^.]+)\./, `.${b64(claims)}.`);
