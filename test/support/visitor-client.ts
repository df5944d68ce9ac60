import { io, type Socket } from 'socket.io-client';
import type { Message } from '../../src/protocol/dto';
import type { SessionPayload, VisitorAuth } from '../../src/protocol/visitor-events';

export interface Visitor {
  socket: Socket;
  session: SessionPayload;
}

/** A real Socket.IO client on `/visitor`, resolved once the server sent `session`. */
export async function connectVisitor(url: string, auth: VisitorAuth = {}): Promise<Visitor> {
  const socket = io(`${url}/visitor`, {
    auth: { ...auth },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const session = await new Promise<SessionPayload>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no session within 5 s')), 5000);
    socket.once('session', (s: SessionPayload) => {
      clearTimeout(timer);
      resolve(s);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      // A refused handshake leaves the transport open; nothing will use it.
      socket.close();
      reject(err);
    });
  });
  return { socket, session };
}

/** Resolves with the first `event` payload that satisfies `match`. */
export function waitFor<T = any>(
  socket: Socket,
  event: string,
  match: (p: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`no matching "${event}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (p: T) => {
      if (!match(p)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(p);
    };
    socket.on(event, on);
  });
}

export interface AnswerRecord {
  ack: any;
  /** Order in which events arrived, for checking that the ack comes first. */
  order: string[];
  messageId: string;
  deltas: string[];
  end: Message;
}

/** Sends a message and collects its acknowledgement and the whole streamed answer. */
export async function ask(
  socket: Socket,
  text: string,
  clientMessageId = `c-${Math.random().toString(36).slice(2)}`,
  timeoutMs = 8000,
): Promise<AnswerRecord> {
  const order: string[] = [];
  const deltas: string[] = [];
  let messageId = '';
  const onStart = (p: { messageId: string }) => {
    if (!messageId) messageId = p.messageId;
    order.push('answer:start');
  };
  const onDelta = (p: { messageId: string; delta: string }) => {
    if (p.messageId === messageId) deltas.push(p.delta);
  };
  socket.on('answer:start', onStart);
  socket.on('answer:delta', onDelta);
  try {
    const endPromise = waitFor<{ message: Message }>(
      socket,
      'answer:end',
      (p) => p.message.id === messageId,
      timeoutMs,
    );
    const ack = await new Promise<any>((resolve, reject) =>
      socket.timeout(timeoutMs).emit('message:send', { clientMessageId, text }, (err: Error | null, r: any) => {
        order.push('ack');
        if (err) reject(err);
        else resolve(r);
      }),
    );
    if (!ack.ok) {
      endPromise.catch(() => undefined);
      return { ack, order, messageId, deltas, end: undefined as unknown as Message };
    }
    const { message } = await endPromise;
    return { ack, order, messageId, deltas, end: message };
  } finally {
    socket.off('answer:start', onStart);
    socket.off('answer:delta', onDelta);
  }
}
