import { Router } from 'express';
import type { AuthService } from '../agents/auth-service';
import type { CannedReplies } from '../agents/canned-replies';
import { cannedReplySchema, idSchema } from '../protocol/schemas';
import { asyncRoute } from './error-middleware';
import { agentOf, requireAgent } from './require-agent';
import { parseInput } from './validate';

/** The team's canned replies, for the console's `/shortcut`. */
export function cannedReplyRoutes(replies: CannedReplies, auth: AuthService): Router {
  const router = Router();
  router.use('/canned-replies', requireAgent(auth));
  router.get(
    '/canned-replies',
    asyncRoute(async (_req, res) => {
      res.json({ replies: await replies.list(agentOf(res)) });
    }),
  );
  router.post(
    '/canned-replies',
    asyncRoute(async (req, res) => {
      const body = parseInput(cannedReplySchema, req.body);
      res.status(201).json({ reply: await replies.save(agentOf(res), body) });
    }),
  );
  router.put(
    '/canned-replies/:id',
    asyncRoute(async (req, res) => {
      const body = parseInput(cannedReplySchema, req.body);
      const id = parseInput(idSchema, req.params.id, 'canned reply id');
      res.json({ reply: await replies.save(agentOf(res), { ...body, id }) });
    }),
  );
  router.delete(
    '/canned-replies/:id',
    asyncRoute(async (req, res) => {
      await replies.remove(agentOf(res), parseInput(idSchema, req.params.id, 'canned reply id'));
      res.status(204).end();
    }),
  );
  return router;
}
