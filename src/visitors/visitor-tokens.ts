import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors';

/** What a visitor token vouches for. */
export interface VisitorClaims {
  visitorId: string;
  /** When the token stops being accepted, in ms since the epoch. */
  expiresAt: number;
}

/**
 * Visitor credentials issued by the server: `<payload>.<signature>`, both base64url, the
 * signature an HMAC-SHA256 of the payload under the server's secret. Holding a visitor's id
 * (agents, logs and exports show it) grants nothing; only a token the server signed does, and
 * only until it expires. Every session hands out a fresh one, so an active visitor never
 * reaches the expiry.
 */
export class VisitorTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new random visitor id: 128 bits, so ids cannot be guessed either. */
  static newVisitorId(): string {
    return randomBytes(16).toString('base64url');
  }

  issue(visitorId: string): { token: string; expiresAt: number } {
    const expiresAt = this.now() + this.ttlMs;
    const payload = Buffer.from(JSON.stringify({ v: visitorId, e: Math.floor(expiresAt / 1000) })).toString(
      'base64url',
    );
    return { token: `${payload}.${this.sign(payload)}`, expiresAt };
  }

  /** The claims of a token this server signed and that has not expired; `unauthorized` otherwise. */
  verify(token: string): VisitorClaims {
    const [payload, signature, ...rest] = token.split('.');
    if (!payload || !signature || rest.length > 0 || !safeEqual(signature, this.sign(payload))) {
      throw new AppError('unauthorized', 'The visitor token is not valid.', { field: 'token' });
    }
    let claims: { v?: unknown; e?: unknown };
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw new AppError('unauthorized', 'The visitor token is not valid.', { field: 'token' });
    }
    if (typeof claims.v !== 'string' || typeof claims.e !== 'number') {
      throw new AppError('unauthorized', 'The visitor token is not valid.', { field: 'token' });
    }
    const expiresAt = claims.e * 1000;
    if (expiresAt <= this.now())
      throw new AppError('unauthorized', 'The visitor token has expired.', { field: 'token' });
    return { visitorId: claims.v, expiresAt };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.secret).update(`visitor.${payload}`).digest('base64url');
  }
}

/** Compares two strings in time independent of where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
