import type { PageContext } from './page-context';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ConversationMode, IdentityClaim, Message, ProtocolError, Rating } from '../../src/protocol/dto';
import type { VisitorClientEvents, VisitorServerEvents } from '../../src/protocol/visitor-events';
import { newId } from './new-id';
import {
  applyAnswerCancel,
  applyAnswerDelta,
  applyAnswerEnd,
  applyAnswerStart,
  applyMessage,
  applyMode,
  applySession,
  emptyConversation,
  type ConversationState,
  applyHandoff,
} from './state/conversation';
import { Outbox } from './state/outbox';
import type { KeyValueStore } from './storage';

import type { ChatSession, ConnectionStatus, SessionSnapshot } from './chat-session';

export type { ConnectionStatus };

export interface ChatClientOptions {
  /** The Answerdesk server's origin, e.g. `https://support.example.com`. */
  serverUrl: string;
  /** Survives closing the browser: who the visitor is and which conversation is theirs. */
  local: KeyValueStore;
  /** Survives reloads and page changes in this tab: the outbox, the unread count. */
  session: KeyValueStore;
  /** The page the widget is on, sent with each handshake for agents. */
  context?: PageContext;
  /** Overrides for tests. */
  ackTimeoutMs?: number;
}

const RETRYABLE = new Set(['internal', 'unavailable']);
/** Handshake refusals that a fresh start (no token, no conversation) cures. */
const FRESH_START = new Set(['invalid_request', 'unauthorized', 'identity_invalid']);
const TYPING_IDLE_MS = 4000;

/**
 * The visitor's side of protocol v1: one socket to `/visitor`, the conversation as the server
 * tells it, and an outbox that sends each message once, in order, across reconnects and reloads.
 * It knows nothing about the DOM; the view subscribes to it.
 */
export class ChatClient implements ChatSession {
  conversation: ConversationState = emptyConversation;
  status: ConnectionStatus = 'connecting';
  /** Set when the server refused the connection for good (bad handshake). */
  fatal?: ProtocolError;
  readonly outbox: Outbox;
  /** Counts `session` events: a view can tell history replayed on connect from news. */
  sessions = 0;
  /** Answers and agent messages that arrived while the panel was closed. */
  unread: number;
  private panelOpen = false;
  private socket?: Socket<VisitorServerEvents, VisitorClientEvents>;
  private flushing = false;
  private flushAgain = false;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private reconnectTimer?: ReturnType<typeof setTimeout>;
  private typingTimer?: ReturnType<typeof setTimeout>;
  private typingOn = false;
  /** Set while a refused handshake is retried without the stored credentials. */
  private restarted = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly o: ChatClientOptions) {
    this.outbox = new Outbox(o.session, newId);
    this.unread = Number(o.session.get('unread') ?? 0) || 0;
  }

  /** The state the view reads, as one copyable object (for the host page, see FrameChatClient). */
  snapshot(): SessionSnapshot {
    return {
      conversation: this.conversation,
      status: this.status,
      outbox: this.outbox.all(),
      unread: this.unread,
      sessions: this.sessions,
    };
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  connect(): void {
    if (this.socket) return;
    const socket: Socket<VisitorServerEvents, VisitorClientEvents> = io(`${this.o.serverUrl}/visitor`, {
      // A function, so every reconnect sends the ids the server gave us last.
      auth: (cb) => cb(this.handshake()),
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 4000,
    });
    this.socket = socket;
    socket.on('session', (p) => {
      this.o.local.set('token', p.token);
      this.o.local.set('conversationId', p.conversationId);
      this.conversation = applySession(this.conversation, p);
      this.sessions++;
      this.restarted = false;
      this.status = 'online';
      this.changed();
      void this.flush();
    });
    socket.on('disconnect', () => {
      this.status = 'offline';
      this.typingOn = false;
      this.changed();
    });
    socket.on('connect_error', (err) => {
      const data = (err as Error & { data?: ProtocolError }).data;
      if (data && FRESH_START.has(data.code) && !this.restarted) {
        // What we stored is unusable (an expired token, tampered storage, an identity the site
        // no longer signs): start afresh, once, rather than retry forever.
        this.restarted = true;
        this.o.local.set('token', undefined);
        this.o.local.set('conversationId', undefined);
        if (data.field?.startsWith('identity')) this.o.local.set('identity', undefined);
        this.conversation = emptyConversation;
        socket.connect();
        return;
      }
      this.status = 'offline';
      this.changed();
      // Refused by the server for now (its store is down, too many connections): Socket.IO does
      // not retry a refused handshake by itself.
      if (data && (RETRYABLE.has(data.code) || data.code === 'rate_limited')) {
        clearTimeout(this.reconnectTimer);
        this.reconnectTimer = setTimeout(() => socket.connect(), Math.max(1000, data.retryAfterMs ?? 2000));
      }
    });
    socket.on('answer:start', (p) => this.update(applyAnswerStart(this.conversation, p.messageId)));
    socket.on('answer:delta', (p) => this.update(applyAnswerDelta(this.conversation, p)));
    socket.on('answer:cancel', (p) => this.update(applyAnswerCancel(this.conversation, p.messageId)));
    socket.on('answer:end', (p) => {
      const isNew = !this.conversation.messages.some((m) => m.id === p.message.id);
      this.update(applyAnswerEnd(this.conversation, p.message));
      if (isNew) this.countUnread();
    });
    socket.on('message:new', (p) => {
      const isNew = !this.conversation.messages.some((m) => m.id === p.message.id);
      this.update(applyMessage(this.conversation, p.message));
      if (isNew && p.message.role !== 'visitor') this.countUnread();
    });
    socket.on('mode', (p) => this.update(applyMode(this.conversation, p.mode)));
    socket.on('handoff', (p) => this.update(applyHandoff(this.conversation, p)));
    socket.on('typing', (p) => {
      if (p.role === 'agent' && p.on !== this.conversation.agentTyping)
        this.update({ ...this.conversation, agentTyping: p.on });
    });
  }

  /** Queues the visitor's message and sends it as soon as the connection allows. */
  send(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.setTyping(false);
    this.outbox.add(trimmed);
    this.changed();
    void this.flush();
  }

  /** Removes a message the server refused for good. */
  dismiss(clientMessageId: string): void {
    this.outbox.remove(clientMessageId);
    this.changed();
  }

  async rate(messageId: string, rating: Rating): Promise<void> {
    const res = await this.socket
      ?.timeout(this.ackTimeout)
      .emitWithAck('feedback:send', { messageId, rating })
      .catch(() => undefined);
    if (res?.ok) this.update(applyMessage(this.conversation, res.message));
  }

  async requestHuman(): Promise<ConversationMode | undefined> {
    const res = await this.socket
      ?.timeout(this.ackTimeout)
      .emitWithAck('handoff:request', {})
      .catch(() => undefined);
    if (res?.ok) this.update(applyHandoff(applyMode(this.conversation, res.mode), res.handoff));
    return res?.ok ? res.mode : undefined;
  }

  async rateConversation(score: number, comment: string): Promise<string | undefined> {
    const res = await this.socket
      ?.timeout(this.ackTimeout)
      .emitWithAck('conversation:feedback', { score, ...(comment.trim() ? { comment: comment.trim() } : {}) })
      .catch(() => undefined);
    if (!res) return 'not_connected';
    return res.ok ? undefined : res.error.message;
  }

  async emailTranscript(email: string): Promise<string | undefined> {
    const res = await this.socket
      ?.timeout(this.ackTimeout)
      .emitWithAck('transcript:email', { email })
      .catch(() => undefined);
    if (!res) return 'not_connected';
    if (!res.ok) return res.error.field === 'email' ? 'bad_email' : res.error.message;
    return undefined;
  }

  /** Nobody could join: leaves an email (and a message) for a reply. Resolves with the error's text, if any. */
  async leaveMessage(email: string, message: string): Promise<string | undefined> {
    const res = await this.socket
      ?.timeout(this.ackTimeout)
      .emitWithAck('handoff:message', { email, ...(message.trim() ? { message } : {}) })
      .catch(() => undefined);
    if (!res) return 'not_connected';
    if (!res.ok) return res.error.field === 'email' ? 'bad_email' : res.error.message;
    this.update(applyHandoff(this.conversation, res.handoff));
    return undefined;
  }

  /**
   * Sends a photo or file as a message, over HTTP with the visitor's token (the server checks
   * and cleans it). Resolves with the error code when it was not sent.
   */
  async sendFile(file: Blob, name: string): Promise<string | undefined> {
    const token = this.o.local.get('token');
    const conversationId = this.conversation.conversationId;
    if (!token || !conversationId || this.status !== 'online') return 'not_connected';
    try {
      const res = await fetch(`${this.o.serverUrl}/api/v1/conversations/${encodeURIComponent(conversationId)}/files`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(name.slice(0, 255)),
          'x-client-message-id': newId(),
        },
        body: file,
      });
      const body = (await res.json().catch(() => undefined)) as
        | { message?: Message; error?: ProtocolError }
        | undefined;
      if (!res.ok || !body?.message) return body?.error?.code ?? 'internal';
      this.update(applyMessage(this.conversation, body.message));
      return undefined;
    } catch {
      return 'not_connected';
    }
  }

  /** A file of the conversation (its thumbnail, for a photo), read with the visitor's token. */
  async readFile(id: string, thumbnail: boolean): Promise<Blob | undefined> {
    const token = this.o.local.get('token');
    if (!token) return undefined;
    const url = `${this.o.serverUrl}/api/v1/files/${encodeURIComponent(id)}${thumbnail ? '/thumbnail' : ''}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    return res?.ok ? res.blob() : undefined;
  }

  /** Tells the people watching that the visitor is typing; switches itself off when idle. */
  setTyping(on: boolean): void {
    clearTimeout(this.typingTimer);
    if (on) this.typingTimer = setTimeout(() => this.setTyping(false), TYPING_IDLE_MS);
    if (on === this.typingOn || !this.socket?.connected) return;
    this.typingOn = on;
    this.socket.emit('typing', { on });
  }

  /** Who the visitor is; sent on the next handshake, so the socket reconnects now. */
  identify(identity: IdentityClaim): void {
    this.o.local.set('identity', JSON.stringify(identity));
    this.reconnect();
  }

  /** The site's user signed out: forget who they were and start as a new visitor. */
  logout(): void {
    for (const key of ['token', 'conversationId', 'identity']) this.o.local.set(key, undefined);
    this.conversation = emptyConversation;
    this.reconnect();
  }

  /** After a conversation was closed: the next handshake starts a new one. */
  startNewConversation(): void {
    this.o.local.set('conversationId', undefined);
    this.conversation = emptyConversation;
    this.reconnect();
  }

  setPanelOpen(open: boolean): void {
    this.panelOpen = open;
    if (open && this.unread) {
      this.unread = 0;
      this.o.session.set('unread', undefined);
    }
    this.changed();
  }

  destroy(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.typingTimer);
    this.socket?.disconnect();
    this.socket = undefined;
    this.listeners.clear();
  }

  private get ackTimeout(): number {
    return this.o.ackTimeoutMs ?? 10_000;
  }

  private handshake(): Record<string, unknown> {
    const auth: Record<string, unknown> = {};
    const token = this.o.local.get('token');
    const conversationId = this.o.local.get('conversationId');
    if (token) auth.token = token;
    if (conversationId) auth.conversationId = conversationId;
    if (this.o.context && Object.keys(this.o.context).length > 0) auth.context = this.o.context;
    const identity = this.o.local.get('identity');
    if (identity) {
      try {
        auth.identity = JSON.parse(identity);
      } catch {
        this.o.local.set('identity', undefined);
      }
    }
    return auth;
  }

  private reconnect(): void {
    if (!this.socket) return;
    this.socket.disconnect();
    this.status = 'connecting';
    this.changed();
    this.socket.connect();
  }

  /** Sends the outbox one message at a time, in order, until it is empty or the link drops. */
  private async flush(): Promise<void> {
    if (this.flushing) {
      // A new session arrived while an ack from the old link was still pending.
      this.flushAgain = true;
      return;
    }
    this.flushing = true;
    this.flushAgain = false;
    clearTimeout(this.retryTimer);
    try {
      for (;;) {
        const socket = this.socket;
        const item = this.outbox.next();
        if (!socket?.connected || this.status !== 'online' || !item) break;
        // A callback, not emitWithAck: it runs as the ack packet is read, before the answer
        // events that may share its TCP read, so the question is in place before its answer.
        const res = await new Promise<Ack<{ message: Message }> | undefined>((resolve) =>
          socket
            .timeout(this.ackTimeout)
            .emit(
              'message:send',
              { clientMessageId: item.clientMessageId, text: item.text },
              (err: unknown, r: Ack<{ message: Message }>) => {
                if (!err && r.ok) {
                  this.outbox.acked(item.clientMessageId);
                  this.conversation = applyMessage(this.conversation, r.message);
                }
                resolve(err ? undefined : r);
              },
            ),
        );
        if (!res) break; // No ack (timeout or disconnect): the next session resends it with the same id.
        if (res.ok) {
          // Already applied in the callback.
        } else if (res.error.code === 'rate_limited' || RETRYABLE.has(res.error.code)) {
          this.outbox.retryAfter(item.clientMessageId, res.error.retryAfterMs ?? 2000);
        } else {
          this.outbox.fail(item.clientMessageId, res.error);
        }
        this.changed();
      }
    } finally {
      this.flushing = false;
    }
    if (this.flushAgain) return this.flush();
    const wait = this.outbox.waitMs();
    if (wait !== undefined && wait > 0 && this.status === 'online')
      this.retryTimer = setTimeout(() => void this.flush(), wait);
  }

  private countUnread(): void {
    if (this.panelOpen) return;
    this.unread++;
    this.o.session.set('unread', String(this.unread));
    this.changed();
  }

  private update(next: ConversationState): void {
    if (next === this.conversation) return;
    this.conversation = next;
    this.changed();
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }
}

export type { Message };
