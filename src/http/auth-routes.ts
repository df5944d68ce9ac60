import { Router } from 'express';
import type { AuthService } from '../agents/auth-service';
import { loginSchema, newAgentSchema, passwordChangeSchema, agentProfileSchema } from '../protocol/schemas';
import { asyncRoute } from './error-middleware';
import { agentOf, requireAgent } from './require-agent';
import { parseInput } from './validate';

/** Sign-in, sign-out, and (for admins) the agent accounts. */
export function authRoutes(auth: AuthService): Router {
  const router = Router();
  const signedIn = requireAgent(auth);

  router.post(
    '/auth/login',
    asyncRoute(async (req, res) => {
      const body = parseInput(loginSchema, req.body);
      res.json(await auth.login(body.email, body.password, req.ip ?? 'unknown'));
    }),
  );
  router.post(
    '/auth/logout',
    signedIn,
    asyncRoute(async (_req, res) => {
      await auth.logout(res.locals.token as string);
      res.status(204).end();
    }),
  );
  router.get('/auth/me', signedIn, (_req, res) => {
    res.json({ agent: agentOf(res) });
  });

  router.get(
    '/agents',
    signedIn,
    asyncRoute(async (_req, res) => {
      auth.require(agentOf(res), 'agents:read');
      res.json({ agents: await auth.listAgents() });
    }),
  );
  router.post(
    '/agents',
    signedIn,
    asyncRoute(async (req, res) => {
      const body = parseInput(newAgentSchema, req.body);
      res.status(201).json({ agent: await auth.addAgent(agentOf(res), body) });
    }),
  );
  router.put(
    '/agents/:id/password',
    signedIn,
    asyncRoute(async (req, res) => {
      const body = parseInput(passwordChangeSchema, req.body);
      await auth.setPassword(agentOf(res), req.params.id, body);
      res.status(204).end();
    }),
  );
  router.put(
    '/agents/:id',
    signedIn,
    asyncRoute(async (req, res) => {
      const body = parseInput(agentProfileSchema, req.body);
      res.json({ agent: await auth.renameAgent(agentOf(res), req.params.id, body.name) });
    }),
  );
  router.delete(
    '/agents/:id',
    signedIn,
    asyncRoute(async (req, res) => {
      await auth.removeAgent(agentOf(res), req.params.id);
      res.status(204).end();
    }),
  );
  return router;
}
