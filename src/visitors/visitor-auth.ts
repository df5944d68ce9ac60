import { createHmac } from 'node:crypto';
import type { IdentityClaim, VisitorIdentity } from '../protocol/dto';
import type { IdentityVerifier } from './identity-verifier';
import { VisitorTokens } from './visitor-tokens';

export interface Visitor {
  visitorId: string;
  /** The identity to show agents, when the visitor gave one (verified or not). */
  identity?: VisitorIdentity;
}

/**
 * Who is on the other end of a visitor connection or request: a verified user (the same
 * visitor on every device), the holder of a token this server issued, or someone new.
 */
export class VisitorAuth {
  constructor(
    readonly tokens: VisitorTokens,
    private readonly identities: IdentityVerifier,
    private readonly secret: Buffer,
  ) {}

  authenticate(input: { token?: string; identity?: IdentityClaim }): Visitor {
    const identity = input.identity ? this.identities.verify(input.identity) : undefined;
    if (identity?.verified && identity.userId) return { visitorId: this.userVisitorId(identity.userId), identity };
    const visitorId = input.token ? this.tokens.verify(input.token).visitorId : VisitorTokens.newVisitorId();
    return { visitorId, identity };
  }

  /**
   * A verified user's visitor id, derived from their user id under the server's key: their
   * history follows them across devices, and nobody can compute it without the key.
   */
  private userVisitorId(userId: string): string {
    return `u_${createHmac('sha256', this.secret).update(`user.${userId}`).digest('base64url').slice(0, 32)}`;
  }
}
