import { Router, type Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { pageCsp } from './page-csp';

const DEMO_CSP = pageCsp({ inlineStyles: true });

/**
 * The embeddable widget (`/widget.js`, loaded by other sites, hence cross-origin) and the demo
 * page at `/` that embeds it the way a customer would. Both come from `npm run build`.
 */
export function widgetRoutes(opts: { publicDir: string; demoPage: boolean }): Router {
  const router = Router();
  const file = (name: string) => path.join(opts.publicDir, name);
  const missing = () => new AppError('unavailable', 'The widget is not built: run `npm run build`.');

  const sendAsset = (res: Response, name: string, type: string, next: (err?: unknown) => void) => {
    if (!fs.existsSync(file(name))) return next(missing());
    res.setHeader('Content-Type', type);
    // Other sites load it: allow that, and keep the cache short since the name has no hash.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', 'public, max-age=300, must-revalidate');
    res.sendFile(file(name), { etag: true, lastModified: true }, (err) => err && next(err));
  };

  router.get('/widget.js', (_req, res, next) =>
    sendAsset(res, 'widget.js', 'application/javascript; charset=utf-8', next),
  );
  router.get('/widget.js.map', (_req, res, next) =>
    sendAsset(res, 'widget.js.map', 'application/json; charset=utf-8', next),
  );
  if (opts.demoPage) {
    router.get('/', (_req, res, next) => {
      if (!fs.existsSync(file('index.html'))) return next(missing());
      res.setHeader('Content-Security-Policy', DEMO_CSP);
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(file('index.html'), (err) => err && next(err));
    });
  }
  return router;
}
