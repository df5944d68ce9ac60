import type { Request } from 'express';
import type { AuthService } from '../agents/auth-service';
import { AppError } from '../errors';
import type { Party } from '../files/attachments';
import type { VisitorTokens } from '../visitors/visitor-tokens';

/**
 * Who sent a request that visitors and agents may both make: `Authorization: Bearer <token>`
 * with a visitor token (the widget's, signed by this server) or an agent's session token.
 */
export async function partyOf(req: Request, auth: AuthService, tokens: VisitorTokens): Promise<Party> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!token) throw new AppError('unauthorized');
  // Visitor tokens are `payload.signature`; agents' have no dot.
  if (token.includes('.')) return { kind: 'visitor', visitorId: tokens.verify(token).visitorId };
  return { kind: 'agent', agent: await auth.authenticate(token) };
}
