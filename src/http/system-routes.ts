import { Router } from 'express';
import type { HistoryStore } from '../history/history-store';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Metrics } from '../metrics/metrics';
import { AppError } from '../errors';
import { safeEqual } from '../visitors/visitor-tokens';
import { asyncRoute } from './error-middleware';

/** Liveness, readiness and Prometheus metrics, outside /api/v1 where orchestrators expect them. */
export function systemRoutes(deps: {
  knowledge: KnowledgeBase;
  history: HistoryStore;
  metrics: Metrics;
  /** METRICS_TOKEN: the bearer token `/metrics` requires; unset, only this machine may read it. */
  metricsToken?: string;
}): Router {
  const router = Router();
  // Browsers ask for it on every page; a 204 keeps 404s out of their consoles and our logs.
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get(
    '/readyz',
    asyncRoute(async (_req, res) => {
      // A store that does not answer within READY_PING_MS is down, as far as a load balancer is
      // concerned: it needs the answer within its own probe timeout.
      let timer: NodeJS.Timeout | undefined;
      const checks = {
        knowledge: deps.knowledge.isReady,
        history: await Promise.race([
          deps.history.ping().then(
            () => true,
            () => false,
          ),
          new Promise<boolean>((r) => (timer = setTimeout(() => r(false), READY_PING_MS))),
        ]).finally(() => clearTimeout(timer)),
      };
      const ready = checks.knowledge && checks.history;
      // Ready once every file's words are searchable; the vectors join as the encoder makes them.
      res.status(ready ? 200 : 503).json({
        status: ready ? 'ready' : 'not_ready',
        checks,
        documents: deps.knowledge.documents().length,
        vectors: deps.knowledge.vectors(),
      });
    }),
  );
  router.get(
    '/metrics',
    asyncRoute(async (req, res) => {
      const bearer = /^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1];
      const allowed = deps.metricsToken
        ? bearer !== undefined && safeEqual(bearer, deps.metricsToken)
        : isLoopback(req.ip ?? '');
      if (!allowed) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        throw new AppError('unauthorized', 'Metrics need the METRICS_TOKEN bearer token.');
      }
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Type', deps.metrics.registry.contentType);
      res.send(await deps.metrics.text());
    }),
  );
  return router;
}

/** Longest /readyz waits for the history store's ping. */
const READY_PING_MS = 800;

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
