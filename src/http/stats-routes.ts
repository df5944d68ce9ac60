import { Router } from 'express';
import { z } from 'zod';
import type { AuthService } from '../agents/auth-service';
import type { HistoryStore } from '../history/history-store';
import { groupGaps } from '../metrics/knowledge-gaps';
import type { StatsService } from '../metrics/stats-service';
import type { LlmSpend } from '../llm/llm-spend';
import type { LlmUsage } from '../protocol/http-api';
import { asyncRoute } from './error-middleware';
import { agentOf, requireAgent } from './require-agent';
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
  .pipe(
    z
      .number()
      .int()
      .min(1000, 'must be at least 1s')
      .max(30 * 86_400_000, 'must be at most 30d'),
  );

/** Latency figures and knowledge gaps for the console; all need a signed-in agent. */
export function statsRoutes(deps: {
  stats: StatsService;
  history: HistoryStore;
  auth: AuthService;
  defaultWindowMs: number;
  /** The LLM's spend, when one is configured. */
  spend?: LlmSpend;
}): Router {
  const router = Router();
  const signedIn = requireAgent(deps.auth);
  const allowed = (res: Parameters<typeof agentOf>[0]) => deps.auth.require(agentOf(res), 'stats:read');

  router.get(
    '/stats',
    signedIn,
    asyncRoute(async (req, res) => {
      allowed(res);
      const q = parseInput(z.object({ window: windowSchema.optional() }).strict(), req.query, 'query');
      res.json(await deps.stats.answers(q.window ?? deps.defaultWindowMs));
    }),
  );
  router.get('/stats/llm', signedIn, (_req, res) => {
    allowed(res);
    const usage = deps.spend?.usage();
    const body: LlmUsage = usage
      ? { enabled: true, ...usage }
      : {
          enabled: false,
          day: new Date().toISOString().slice(0, 10),
          tokens: 0,
          dailyTokens: 0,
          refused: { budget: 0, busy: 0 },
        };
    res.json(body);
  });
  router.get(
    '/stats/series',
    signedIn,
    asyncRoute(async (req, res) => {
      allowed(res);
      const q = parseInput(
        z
          .object({ window: windowSchema.default('1h'), buckets: z.coerce.number().int().min(1).max(500).default(30) })
          .strict(),
        req.query,
        'query',
      );
      res.json(await deps.stats.series(q.window, q.buckets));
    }),
  );
  router.get(
    '/stats/slowest',
    signedIn,
    asyncRoute(async (req, res) => {
      allowed(res);
      const q = parseInput(
        z
          .object({ window: windowSchema.default('1h'), limit: z.coerce.number().int().min(1).max(100).default(10) })
          .strict(),
        req.query,
        'query',
      );
      res.json({ answers: await deps.stats.slowest(q.window, q.limit) });
    }),
  );
  router.get(
    '/gaps',
    signedIn,
    asyncRoute(async (req, res) => {
      deps.auth.require(agentOf(res), 'knowledge:read');
      const q = parseInput(
        z
          .object({ window: windowSchema.default('7d'), limit: z.coerce.number().int().min(1).max(5000).default(1000) })
          .strict(),
        req.query,
        'query',
      );
      const since = new Date(Date.now() - q.window).toISOString();
      res.json({ since, groups: groupGaps(await deps.history.listGaps(since, q.limit)) });
    }),
  );
  return router;
}
