import { Router } from 'express';
import type { AgentDesk } from '../agents/agent-desk';
import type { AuthService } from '../agents/auth-service';
import { idSchema } from '../protocol/schemas';
import { asyncRoute } from './error-middleware';
import { agentOf, requireAgent } from './require-agent';
import { parseInput } from './validate';

/** A visitor's data, for requests to erase it (admins only). */
export function visitorRoutes(desk: AgentDesk, auth: AuthService): Router {
  const router = Router();
  router.use('/visitors', requireAgent(auth));
  router.delete(
    '/visitors/:visitorId',
    asyncRoute(async (req, res) => {
      const visitorId = parseInput(idSchema, req.params.visitorId, 'visitor id');
      res.json({ visitorId, conversations: await desk.eraseVisitor(agentOf(res), visitorId) });
    }),
  );
  return router;
}
