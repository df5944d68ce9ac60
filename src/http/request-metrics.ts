import type { RequestHandler } from 'express';
import type { Metrics } from '../metrics/metrics';

/**
 * Times every HTTP request into `http_request_duration_seconds`, labelled with the route's
 * pattern (`/api/v1/conversations/:id`), never its path: ids would make a series per visitor.
 */
export function requestMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    // The pattern is read when express matches the route: by the time the response finishes,
    // an error handler outside the router sees its mount path (baseUrl) reset.
    let pattern: string | undefined;
    let route: unknown;
    Object.defineProperty(req, 'route', {
      configurable: true,
      enumerable: true,
      get: () => route,
      set(value: { path?: unknown } | undefined) {
        route = value;
        if (value && typeof value.path === 'string') pattern = `${req.baseUrl}${value.path}`;
      },
    });
    res.once('finish', () => {
      const label = pattern ?? (res.statusCode === 404 ? 'unmatched' : 'static');
      metrics.request(req.method, label, res.statusCode, (performance.now() - started) / 1000);
    });
    next();
  };
}
