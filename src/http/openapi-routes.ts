import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';

/**
 * `GET /api/v1/openapi.json`. The document is built on the first request (the generator is
 * loaded then too, so a server nobody asks pays nothing for it) and kept.
 */
export function openApiRoutes(): Router {
  const router = Router();
  let document: string | undefined;
  router.get('/openapi.json', (_req, res) => {
    if (!document) {
      const { openApiDocument } = require('./openapi') as typeof import('./openapi');
      const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
        version: string;
      };
      document = JSON.stringify(openApiDocument(pkg.version));
    }
    res.type('application/json').send(document);
  });
  return router;
}
