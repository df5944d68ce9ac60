import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, toAppError } from '../errors';
import type { Logger } from '../logger';

/** The one place HTTP errors become `{ error: { code, message } }`. Stacks never leave the server. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const appErr = fromBodyParser(err) ?? toAppError(err);
    if (appErr.code === 'internal') logger.error({ err }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    if (appErr.opts.retryAfterMs !== undefined)
      res.setHeader('Retry-After', String(Math.ceil(appErr.opts.retryAfterMs / 1000)));
    if (appErr.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(appErr.status).json({ error: appErr.toBody() });
  };
}

export const notFound: RequestHandler = (_req, _res, next) => next(new AppError('not_found'));

function fromBodyParser(err: { type?: string } | undefined): AppError | undefined {
  if (err?.type === 'entity.parse.failed') return new AppError('invalid_json', undefined, { cause: err });
  if (err?.type === 'entity.too.large') return new AppError('payload_too_large', undefined, { cause: err });
  if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported')
    return new AppError('invalid_request', 'Unsupported body encoding.');
  return undefined;
}

/** Express 4 does not catch rejected promises; this forwards them to the error middleware. */
export function asyncRoute(fn: (...args: Parameters<RequestHandler>) => Promise<unknown>): RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch(next);
  };
}
