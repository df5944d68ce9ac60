import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger';

/** A caller's request id is kept when it looks like one (a proxy's, a client's); else one is made. */
const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * One line per HTTP request (pino-http): its id (also sent back as `X-Request-Id`, and carried by
 * every log line of the request as `reqId`), method, path, status and time. Never the query
 * string or a body: a search or a question is the visitor's text.
 */
export function accessLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger: logger.child({ module: 'access' }),
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customAttributeKeys: { reqId: 'reqId' },
    // The probes' own lines would drown the log.
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    quietReqLogger: true,
  }) as unknown as RequestHandler;
}
