import { Router } from 'express';
import { z } from 'zod';
import type { StatsService } from '../metrics/stats-service';
import { asyncRoute } from './error-middleware';
import { parseInput } from './validate';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `?window=` as `90s`, `15m`, `1h`, `7d` or plain milliseconds. */
const windowSchema = z
  .string()
  .regex(/^\d+(?:ms|s|m|h|d)?$/, 'must look like 15m, 1h, 7d or a number of ms')
  .transform((w) => {
    const m = /^(\d+)(ms|s|m|h|d)?$/.exec(w)!;
    return Number(m[1]) * (m[2] && m[2] !== 'ms' ? UNITS[m[2]] : 1);
  })
  .pipe(z.number().int().min(1000, 'must be at least 1s').max(30 * 86_400_000, 'must be at most 30d'));

/** `GET /api/v1/stats`: answer latency percentiles and answered rate over a window. */
export function statsRoutes(stats: StatsService, defaultWindowMs: number): Router {
  const router = Router();
  router.get(
    '/stats',
    asyncRoute(async (req, res) => {
      const q = parseInput(z.object({ window: windowSchema.optional() }).passthrough(), req.query, 'query');
      res.json(await stats.answers(q.window ?? defaultWindowMs));
    }),
  );
  return router;
}
