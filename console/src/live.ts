import { io, type Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentServerEvents } from '../../src/protocol/agent-events';
import type { Ack } from '../../src/protocol/dto';

export type LiveSocket = Socket<AgentServerEvents, AgentClientEvents>;

/**
 * The console's `/agent` connection. Reconnects by itself; `onReconnect` lets the views reload
 * what they show, since events missed while offline are not replayed.
 */
export function connectLive(token: string, handlers: { onStatus(online: boolean): void; onUnauthorized(): void }): LiveSocket {
  const socket: LiveSocket = io('/agent', { auth: { token }, transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 5000 });
  socket.on('connect', () => handlers.onStatus(true));
  socket.on('disconnect', () => handlers.onStatus(false));
  socket.on('connect_error', (err) => {
    handlers.onStatus(false);
    if ((err as Error & { data?: { code?: string } }).data?.code === 'unauthorized') handlers.onUnauthorized();
  });
  return socket;
}

/** Emits with an ack and turns `{ ok: false }` into a thrown error with the server's message. */
export async function act<T>(socket: LiveSocket, event: keyof AgentClientEvents, payload: unknown): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const res = (await (socket.timeout(8000) as any).emitWithAck(event, payload)) as Ack<T>;
  if (!res.ok) throw Object.assign(new Error(res.error.message), { code: res.error.code });
  return res as T;
}
