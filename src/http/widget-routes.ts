import { Router, type Response } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { AllowedOrigins } from './allowed-origins';
import { BuiltAssets } from './built-assets';
import { pageCsp } from './page-csp';

const DEMO_CSP = pageCsp({ inlineStyles: true });

const framePage = (script: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>Answerdesk</title></head><body><script src="/${script}"></script></body></html>`;
const JS = 'application/javascript; charset=utf-8';

/**
 * The embeddable widget (`/widget.js`, loaded by other sites, hence cross-origin) and the demo
 * page at `/` that embeds it the way a customer would. Both come from `npm run build`.
 */
export function widgetRoutes(opts: { publicDir: string; demoPage: boolean; origins: AllowedOrigins }): Router {
  const router = Router();
  const file = (name: string) => path.join(opts.publicDir, name);
  const missing = () => new AppError('unavailable', 'The widget is not built: run `npm run build`.');
  const assets = new BuiltAssets(opts.publicDir);

  const sendAsset = (res: Response, name: string, type: string, next: (err?: unknown) => void) => {
    if (!fs.existsSync(file(name))) return next(missing());
    res.setHeader('Content-Type', type);
    // Other sites load it: allow that, and keep the cache short since the name has no hash.
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', 'public, max-age=300, must-revalidate');
    res.sendFile(file(name), { etag: true, lastModified: true }, (err) => err && next(err));
  };

  // The short URL sites embed: it names the current build, which browsers then keep for a year.
  router.get('/widget.js', (_req, res, next) => {
    const hashed = assets.hashedName('widget.js');
    if (!hashed) return next(missing());
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.redirect(302, `/${hashed}`);
  });
  router.get(/^\/(widget|widget-frame)\.([0-9a-f]{12})\.js$/, (req, res, next) => {
    const [name, hash] = [`${req.params[0]}.js`, req.params[1]];
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (!assets.send(req, res, name, JS, hash)) next(missing());
  });
  router.get('/widget.js.map', (_req, res, next) =>
    sendAsset(res, 'widget.js.map', 'application/json; charset=utf-8', next),
  );
  // The hidden frame the widget keeps its connection and the visitor's token in: embeddable by
  // the allowed sites only, running nothing but its own script.
  const frameAncestors = opts.origins.open ? '*' : ["'self'", ...opts.origins.list].join(' ');
  router.get('/widget/frame', (_req, res, next) => {
    if (!fs.existsSync(file('widget-frame.js'))) return next(missing());
    res.removeHeader('X-Frame-Options');
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'self'; connect-src 'self'; frame-ancestors ${frameAncestors}; base-uri 'none'; form-action 'none'`,
    );
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(framePage(assets.hashedName('widget-frame.js') as string));
  });
  router.get('/widget-frame.js', (_req, res, next) =>
    sendAsset(res, 'widget-frame.js', 'application/javascript; charset=utf-8', next),
  );
  router.get('/widget-frame.js.map', (_req, res, next) =>
    sendAsset(res, 'widget-frame.js.map', 'application/json; charset=utf-8', next),
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
