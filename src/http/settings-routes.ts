import { Router } from 'express';
import type { AuthService } from '../agents/auth-service';
import type { TeamHours } from '../availability/team-hours';
import { businessHoursSchema } from '../protocol/schemas';
import { asyncRoute } from './error-middleware';
import { agentOf, requireAgent } from './require-agent';
import { parseInput } from './validate';

/** The team's settings: business hours (every agent reads them, admins change them). */
export function settingsRoutes(hours: TeamHours, auth: AuthService): Router {
  const router = Router();
  router.use('/settings', requireAgent(auth));
  const describe = async () => {
    const { setting, source, hours: parsed } = await hours.current();
    const now = new Date();
    const next = parsed.nextOpening(now);
    return {
      ...setting,
      source,
      open: parsed.isOpen(now),
      nextOpening: next && next.getTime() !== now.getTime() ? next.toISOString() : null,
    };
  };
  router.get(
    '/settings/business-hours',
    asyncRoute(async (_req, res) => {
      res.json(await describe());
    }),
  );
  router.put(
    '/settings/business-hours',
    asyncRoute(async (req, res) => {
      auth.require(agentOf(res), 'settings:manage');
      await hours.set(parseInput(businessHoursSchema, req.body));
      res.json(await describe());
    }),
  );
  return router;
}
