import type { RequestHandler, Response } from 'express';
import type { Agent } from '../protocol/http-api';
import type { AuthService } from '../agents/auth-service';

/** Rejects a request without a valid `Authorization: Bearer <token>` (401) and remembers the agent. */
export function requireAgent(auth: AuthService): RequestHandler {
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    auth.authenticate(token).then((agent) => {
      res.locals.agent = agent;
      res.locals.token = token;
      next();
    }, next);
  };
}

/** The signed-in agent of a request that passed {@link requireAgent}. */
export function agentOf(res: Response): Agent {
  return res.locals.agent as Agent;
}
