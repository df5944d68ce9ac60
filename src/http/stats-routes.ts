import { Router } from 'express';
import type { AuthService } from '../agents/auth-service';
import type { HistoryStore } from '../history/history-store';
import { groupGaps } from '../metrics/knowledge-gaps';
import type { StatsService } from '../metrics/stats-service';
import type { LlmHealth } from '../llm/llm-health';
import type { LlmSpend } from '../llm/llm-spend';
import type { LlmUsage } from '../protocol/http-api';
import { gapsQuerySchema, seriesQuerySchema, slowestQuerySchema, statsQuerySchema } from '../protocol/schemas';
import { asyncRoute } from './error-middleware';
import { agentOf, requireAgent } from './require-agent';
import { parseInput } from './validate';

/** Conversations read for the satisfaction figures of a window (those active in it, newest first). */
const FEEDBACK_SCAN = 5000;

/** Latency figures and knowledge gaps for the console; all need a signed-in agent. */
export function statsRoutes(deps: {
  stats: StatsService;
  history: HistoryStore;
  auth: AuthService;
  defaultWindowMs: number;
  /** The LLM's spend, when one is configured. */
  spend?: LlmSpend;
  health: LlmHealth;
}): Router {
  const router = Router();
  const signedIn = requireAgent(deps.auth);
  const allowed = (res: Parameters<typeof agentOf>[0]) => deps.auth.require(agentOf(res), 'stats:read');

  router.get(
    '/stats',
    signedIn,
    asyncRoute(async (req, res) => {
      allowed(res);
      const q = parseInput(statsQuerySchema, req.query, 'query');
      res.json(await deps.stats.answers(q.window ?? deps.defaultWindowMs));
    }),
  );
  router.get('/stats/llm', signedIn, (_req, res) => {
    allowed(res);
    const usage = deps.spend?.usage();
    const health = deps.health.snapshot();
    const body: LlmUsage = usage
      ? { enabled: true, ...usage, health }
      : {
          enabled: false,
          day: new Date().toISOString().slice(0, 10),
          tokens: 0,
          dailyTokens: 0,
          refused: { budget: 0, busy: 0 },
          health,
        };
    res.json(body);
  });
  router.get(
    '/stats/series',
    signedIn,
    asyncRoute(async (req, res) => {
      allowed(res);
      const q = parseInput(seriesQuerySchema, req.query, 'query');
      res.json(await deps.stats.series(q.window, q.buckets));
    }),
  );
  router.get(
    '/stats/slowest',
    signedIn,
    asyncRoute(async (req, res) => {
      allowed(res);
      const q = parseInput(slowestQuerySchema, req.query, 'query');
      res.json({ answers: await deps.stats.slowest(q.window, q.limit) });
    }),
  );
  router.get(
    '/stats/feedback',
    signedIn,
    asyncRoute(async (req, res) => {
      allowed(res);
      const q = parseInput(gapsQuerySchema.pick({ window: true }), req.query, 'query');
      const since = new Date(Date.now() - q.window).toISOString();
      const rated = (await deps.history.listConversations({ from: since, limit: FEEDBACK_SCAN })).flatMap((c) =>
        c.feedback && c.feedback.at >= since ? [c.feedback.score] : [],
      );
      const distribution = [1, 2, 3, 4, 5].map((s) => rated.filter((x) => x === s).length);
      const average = rated.length ? Math.round((rated.reduce((a, b) => a + b, 0) / rated.length) * 100) / 100 : null;
      res.json({ since, ratings: rated.length, average, distribution });
    }),
  );
  router.get(
    '/gaps',
    signedIn,
    asyncRoute(async (req, res) => {
      deps.auth.require(agentOf(res), 'knowledge:read');
      const q = parseInput(gapsQuerySchema, req.query, 'query');
      const since = new Date(Date.now() - q.window).toISOString();
      res.json({ since, groups: groupGaps(await deps.history.listGaps(since, q.limit)) });
    }),
  );
  return router;
}
