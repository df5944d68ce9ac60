import type { RequestHandler } from 'express';

/**
 * CORS for the public API: the widget runs on the customer's site, a different origin.
 * No cookies are used, so credentials are never allowed.
 */
export function cors(origins: string[] | '*'): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin && (origins === '*' || origins.includes(origin))) {
      res.setHeader('Access-Control-Allow-Origin', origins === '*' ? '*' : origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Accept, Authorization');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  };
}
