import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Headers on every response (helmet): no sniffing, no framing, no referrer, and a CSP that lets
 * an API response run nothing if a browser is ever tricked into rendering one. Pages that run
 * our bundles set their own CSP over it. HSTS only when TLS is terminated in front of the
 * server and the operator says so (HSTS_MAX_AGE), since the server itself speaks plain HTTP.
 */
export function securityHeaders(opts: { hstsMaxAge: number }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
    },
    strictTransportSecurity: opts.hstsMaxAge > 0 ? { maxAge: opts.hstsMaxAge, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // The widget script and its API are used from other sites; routes that must stay private say so.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}
