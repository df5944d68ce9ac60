import { Router } from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { BuiltAssets } from './built-assets';
import { pageCsp } from './page-csp';

// The console runs only our bundle; nothing inline, nothing from elsewhere.
const CSP = pageCsp({ inlineStyles: false });

/** `/console`: the agent console's page and its assets, built by `npm run build`. */
export function consoleRoutes(opts: { publicDir: string }): Router {
  const router = Router();
  const assets: Record<string, string> = {
    'console.js': 'application/javascript; charset=utf-8',
    'console.js.map': 'application/json; charset=utf-8',
    'console.css': 'text/css; charset=utf-8',
  };
  const built = new BuiltAssets(opts.publicDir);
  router.get(['/console', '/console/'], (_req, res, next) => {
    const file = path.join(opts.publicDir, 'console.html');
    const script = built.hashedName('console.js');
    if (!fs.existsSync(file) || !script)
      return next(new AppError('unavailable', 'The console is not built: run `npm run build`.'));
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Referrer-Policy', 'no-referrer');
    // The page names the current script by its content hash: browsers keep it for a year.
    res.type('html').send(fs.readFileSync(file, 'utf8').replace('/console/console.js', `/console/${script}`));
  });
  router.get(/^\/console\/console\.([0-9a-f]{12})\.js$/, (req, res, next) => {
    if (!built.send(req, res, 'console.js', 'application/javascript; charset=utf-8', req.params[0]))
      next(new AppError('unavailable', 'The console is not built: run `npm run build`.'));
  });
  router.get('/console/:asset', (req, res, next) => {
    const type = assets[req.params.asset];
    if (!type) return next(new AppError('not_found'));
    const file = path.join(opts.publicDir, req.params.asset);
    if (!fs.existsSync(file))
      return next(new AppError('unavailable', 'The console is not built: run `npm run build`.'));
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(file, (err) => err && next(err));
  });
  return router;
}
