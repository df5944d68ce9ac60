import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { AppError, toAppError } from '../errors';
import type { Logger } from '../logger';
import type { Ack, ProtocolError } from '../protocol/dto';

/** A namespace's client events, by name (an interface of the protocol's, which has no index signature). */
type EventsMap<C> = { [K in keyof C]: (...args: never[]) => void };
/** What the ack of a client event carries on success, from the protocol's event map. */
type AckResult<F> = F extends (payload: never, ack: (r: Ack<infer T>) => void) => void ? T : object;
/** A socket whose server-sent events include `protocol:error`, as both namespaces' do. */
type ProtocolSocket<C extends EventsMap<C>> = Socket<
  C,
  { 'protocol:error': (p: { event: string; error: ProtocolError }) => void }
>;

/**
 * Wraps a socket event handler: validates the payload, runs the handler, and answers through
 * the ack in protocol v1's one shape. A bad event without an ack gets `protocol:error`.
 * Unexpected errors are logged and reach the client only as `internal`. The event's name and
 * what its ack carries come from the namespace's event map; the payload is checked by `schema`,
 * since a client can send anything.
 */
export function handle<C extends EventsMap<C>, E extends keyof C & string, S extends z.ZodTypeAny>(
  socket: ProtocolSocket<C>,
  event: E,
  schema: S,
  logger: Logger,
  handler: (payload: z.infer<S>, receivedAt: number) => Promise<AckResult<C[E]>>,
  opts: { ackRequired?: boolean } = {},
): void {
  // The wire is untyped: the listener takes whatever arrives and validates it.
  const on = socket.on.bind(socket) as (event: string, listener: (...args: unknown[]) => void) => void;
  on(event, async (...args: unknown[]) => {
    const receivedAt = performance.now();
    const ack =
      typeof args[args.length - 1] === 'function'
        ? (args.pop() as (response: Ack<AckResult<C[E]>>) => void)
        : undefined;
    try {
      if (opts.ackRequired && !ack)
        throw new AppError('invalid_request', `"${event}" needs an acknowledgement callback.`);
      const parsed = schema.safeParse(args[0] ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue.path.join('.') || undefined;
        throw new AppError('invalid_request', `Invalid ${field ?? 'payload'}: ${issue.message}.`, { field });
      }
      const result = await handler(parsed.data, receivedAt);
      ack?.({ ok: true, ...(result as object) } as Ack<AckResult<C[E]>>);
    } catch (err) {
      const appErr = toAppError(err);
      if (appErr.code === 'internal') logger.error({ err, event }, 'socket handler failed');
      if (ack) ack({ ok: false, error: appErr.toBody() });
      else socket.emit('protocol:error', { event, error: appErr.toBody() });
    }
  });
}

/** Answers events the namespace does not know, so a client bug is visible rather than silent. */
export function rejectUnknownEvents<C extends EventsMap<C>>(
  socket: ProtocolSocket<C>,
  known: readonly (keyof C & string)[],
): void {
  socket.onAny((event: string, ...args: unknown[]) => {
    if ((known as readonly string[]).includes(event)) return;
    const error = new AppError('unknown_event', `Unknown event "${String(event).slice(0, 64)}".`).toBody();
    const ack = args[args.length - 1];
    if (typeof ack === 'function') (ack as (r: Ack<never>) => void)({ ok: false, error });
    else socket.emit('protocol:error', { event: String(event).slice(0, 64), error });
  });
}
