import { createHmac } from 'node:crypto';
import { AppError } from '../errors';
import type { IdentityClaim, VisitorIdentity } from '../protocol/dto';
import { safeEqual } from './visitor-tokens';

/** Longest a JWT may be, before any work is done on it. */
const MAX_JWT_CHARS = 4096;

const refused = (message: string) => new AppError('identity_invalid', message, { field: 'identity' });

/**
 * Identity verification as Intercom and Chatwoot do it: the site's backend, which knows who is
 * signed in, signs its user with WIDGET_IDENTITY_SECRET, either as `userHash`, the hex
 * HMAC-SHA256 of the user id, or as an HS256 JWT whose `sub` (or `user_id`) is the user id and
 * which may carry `email`, `name` and `exp`. A wrong signature is always refused; an unsigned
 * identity is refused when `required`, and otherwise kept as what the visitor says of themself.
 */
export class IdentityVerifier {
  constructor(
    private readonly secret: string | undefined,
    private readonly required: boolean,
    private readonly now: () => number = Date.now,
  ) {}

  verify(claim: IdentityClaim): VisitorIdentity {
    if (claim.jwt !== undefined) return this.fromJwt(claim.jwt);
    if (claim.userHash !== undefined) {
      if (!claim.userId) throw refused('A userHash needs the userId it signs.');
      if (!this.secret) throw refused('This server verifies no identities (WIDGET_IDENTITY_SECRET is not set).');
      const expected = createHmac('sha256', this.secret).update(claim.userId, 'utf8').digest('hex');
      if (!safeEqual(claim.userHash.toLowerCase(), expected)) throw refused('The identity signature is wrong.');
      return clean({ userId: claim.userId, name: claim.name, email: claim.email, verified: true });
    }
    if (this.required) throw refused('This site accepts only signed identities (userHash or jwt).');
    return clean({ userId: claim.userId, name: claim.name, email: claim.email, verified: false });
  }

  private fromJwt(jwt: string): VisitorIdentity {
    if (!this.secret) throw refused('This server verifies no identities (WIDGET_IDENTITY_SECRET is not set).');
    const parts = jwt.length <= MAX_JWT_CHARS ? jwt.split('.') : [];
    if (parts.length !== 3) throw refused('The identity token is not a JWT.');
    const [head, body, signature] = parts;
    const header = decode(head);
    // Only HS256: `none` and every other algorithm (an RS256 header with the secret as a public key) are refused.
    if (header?.alg !== 'HS256') throw refused('The identity token must be signed with HS256.');
    const expected = createHmac('sha256', this.secret).update(`${head}.${body}`).digest('base64url');
    if (!safeEqual(signature, expected)) throw refused('The identity signature is wrong.');
    const claims = decode(body);
    if (!claims) throw refused('The identity token is not a JWT.');
    const seconds = this.now() / 1000;
    if (typeof claims.exp === 'number' && claims.exp <= seconds) throw refused('The identity token has expired.');
    if (typeof claims.nbf === 'number' && claims.nbf > seconds + 60)
      throw refused('The identity token is not valid yet.');
    const userId = typeof claims.sub === 'string' ? claims.sub : claims.user_id;
    if (typeof userId !== 'string' && typeof userId !== 'number') throw refused('The identity token names no user.');
    return clean({
      userId: String(userId),
      name: typeof claims.name === 'string' ? claims.name : undefined,
      email: typeof claims.email === 'string' ? claims.email : undefined,
      verified: true,
    });
  }
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Drops absent fields and bounds the rest, as the handshake's schema bounds a claim. */
function clean(i: VisitorIdentity): VisitorIdentity {
  const out: VisitorIdentity = { verified: i.verified };
  if (i.userId) out.userId = i.userId.slice(0, 200);
  if (i.name) out.name = i.name.trim().slice(0, 120);
  if (i.email) out.email = i.email.trim().slice(0, 254);
  return out;
}
