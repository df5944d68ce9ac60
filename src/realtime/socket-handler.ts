import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { AppError, toAppError } from '../errors';
import type { Logger } from '../logger';

type AckFn = (response: unknown) => void;

/**
 * Wraps a socket event handler: validates the payload, runs the handler, and answers through
 * the ack in protocol v1's one shape. A bad event without an ack gets `protocol:error`.
 * Unexpected errors are logged and reach the client only as `internal`.
 */
export function handle<S extends z.ZodTypeAny, R extends object>(
  socket: Socket,
  event: string,
  schema: S,
  logger: Logger,
  handler: (payload: z.infer<S>, receivedAt: number) => Promise<R>,
  opts: { ackRequired?: boolean } = {},
): void {
  socket.on(event, async (...args: unknown[]) => {
    const receivedAt = performance.now();
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : undefined;
    try {
      if (opts.ackRequired && !ack) throw new AppError('invalid_request', `"${event}" needs an acknowledgement callback.`);
      const parsed = schema.safeParse(args[0] ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.path.join('.') || undefined;
        throw new AppError('invalid_request', `Invalid ${field ?? 'payload'}: ${issue.message}.`, { field });
      }
      const result = await handler(parsed.data, receivedAt);
      ack?.({ ok: true, ...result });
    } catch (err) {
      const appErr = toAppError(err);
      if (appErr.code === 'internal') logger.error({ err, event }, 'socket handler failed');
      if (ack) ack({ ok: false, error: appErr.toBody() });
      else socket.emit('protocol:error', { event, error: appErr.toBody() });
    }
  });
}

/** Answers events the namespace does not know, so a client bug is visible rather than silent. */
export function rejectUnknownEvents(socket: Socket, known: readonly string[]): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    if (known.includes(event)) return;
    const error = new AppError('unknown_event', `Unknown event "${String(event).slice(0, 64)}".`).toBody();
    const ack = args[args.length - 1];
    if (typeof ack === 'function') (ack as AckFn)({ ok: false, error });
    else socket.emit('protocol:error', { event: String(event).slice(0, 64), error });
  });
}
