import type { RequestHandler } from 'express';
import { AppError } from '../errors';
import type { AllowedOrigins } from './allowed-origins';

/**
 * CORS for the public API: the widget runs on the customer's site, a different origin.
 * No cookies are used, so credentials are never allowed.
 */
export function cors(allowed: AllowedOrigins): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin && allowed.allows(origin, req.get('host'))) {
      res.setHeader('Access-Control-Allow-Origin', allowed.open ? '*' : origin);
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

/**
 * The visitor API answers only the allowed sites: a browser always sends Origin on these
 * requests, so a missing or unknown one is a page elsewhere (or a script) spending the owner's
 * answers. Agents' routes are guarded by their sign-in instead.
 */
export function requireAllowedOrigin(allowed: AllowedOrigins): RequestHandler {
  return (req, _res, next) => {
    if (allowed.allows(req.get('origin'), req.get('host'))) return next();
    next(new AppError('forbidden', 'This site is not allowed to use this support service.'));
  };
}
