import { io, type Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentServerEvents } from '../../src/protocol/agent-events';
import type { Ack } from '../../src/protocol/dto';

export type LiveSocket = Socket<AgentServerEvents, AgentClientEvents>;

/**
 * The console's `/agent` connection. Reconnects by itself; `onReconnect` lets the views reload
 * what they show, since events missed while offline are not replayed.
 */
export function connectLive(
  token: string,
  /** Whether the agent set this console away; read again at every (re)connect. */
  away: () => boolean,
  handlers: { onStatus(online: boolean): void; onUnauthorized(): void },
): LiveSocket {
  const socket: LiveSocket = io('/agent', {
    auth: (cb) => cb({ token, away: away() }),
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  socket.on('connect', () => handlers.onStatus(true));
  socket.on('disconnect', () => handlers.onStatus(false));
  socket.on('connect_error', (err) => {
    handlers.onStatus(false);
    if ((err as Error & { data?: { code?: string } }).data?.code === 'unauthorized') handlers.onUnauthorized();
  });
  return socket;
}

/** What the ack of a console event carries on success, from the protocol's event map. */
type AckResult<F> = F extends (payload: never, ack: (r: Ack<infer T>) => void) => void ? T : object;

/** Emits with an ack and turns `{ ok: false }` into a thrown error with the server's message. */
export async function act<E extends keyof AgentClientEvents>(
  socket: LiveSocket,
  event: E,
  payload: Parameters<AgentClientEvents[E]>[0],
): Promise<AckResult<AgentClientEvents[E]>> {
  // The client's typings cannot see an ack through a generic event name; the map above does.
  const timed = socket.timeout(8000);
  const emit = timed.emitWithAck.bind(timed) as unknown as (
    event: E,
    payload: unknown,
  ) => Promise<Ack<AckResult<AgentClientEvents[E]>>>;
  const res = await emit(event, payload);
  if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
  return res;
}
