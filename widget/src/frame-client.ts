import { pageContext } from './page-context';
import type { ConversationMode, IdentityClaim, Rating } from '../../src/protocol/dto';
import {
  STORED_KEYS,
  type ChatSession,
  type ConnectionStatus,
  type FrameCall,
  type FrameMessage,
  type SessionSnapshot,
} from './chat-session';
import { browserStore } from './storage';
import { emptyConversation, type ConversationState } from './state/conversation';
import type { Pending } from './state/outbox';

/**
 * The host page's side of the widget's connection: a hidden iframe on the Answerdesk origin
 * runs the chat client (see frame.ts), and this mirrors its state for the view and forwards the
 * view's calls. The visitor token never enters the host page.
 */
export class FrameChatClient implements ChatSession {
  conversation: ConversationState = emptyConversation;
  status: ConnectionStatus = 'connecting';
  unread = 0;
  sessions = 0;
  private pending: readonly Pending[] = [];
  readonly outbox = { all: () => this.pending };
  private readonly frame: HTMLIFrameElement;
  private readonly origin: string;
  private readonly listeners = new Set<() => void>();
  private readonly results = new Map<number, (value: unknown) => void>();
  private nextId = 1;
  private ready = false;
  /** Calls made before the frame said hello back, sent once it has. */
  private readonly queued: FrameMessage[] = [];

  /** `locale`: the site's `data-locale`, which the server answers in when the question does not say. */
  constructor(serverUrl: string, mount: ParentNode, locale?: string) {
    this.origin = new URL(serverUrl).origin;
    this.frame = document.createElement('iframe');
    this.frame.src = `${this.origin}/widget/frame`;
    this.frame.title = 'Answerdesk connection';
    this.frame.setAttribute('aria-hidden', 'true');
    this.frame.tabIndex = -1;
    this.frame.style.display = 'none';
    this.frame.addEventListener('load', () =>
      this.frame.contentWindow?.postMessage(
        { answerdesk: 'hello', context: pageContext(locale) } satisfies FrameMessage,
        this.origin,
      ),
    );
    window.addEventListener('message', this.onMessage);
    mount.appendChild(this.frame);
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  send(text: string): void {
    if (!text.trim()) return;
    this.call('send', text);
  }

  dismiss(clientMessageId: string): void {
    this.call('dismiss', clientMessageId);
  }

  async rate(messageId: string, rating: Rating): Promise<void> {
    await this.call('rate', messageId, rating);
  }

  async leaveMessage(email: string, message: string): Promise<string | undefined> {
    return ((await this.call('leaveMessage', email, message)) as string | null) ?? undefined;
  }

  async rateConversation(score: number, comment: string): Promise<string | undefined> {
    return ((await this.call('rateConversation', score, comment)) as string | null) ?? undefined;
  }

  async emailTranscript(email: string): Promise<string | undefined> {
    return ((await this.call('emailTranscript', email)) as string | null) ?? undefined;
  }

  async requestHuman(): Promise<ConversationMode | undefined> {
    return ((await this.call('requestHuman')) as ConversationMode | null) ?? undefined;
  }

  async sendFile(file: Blob, name: string): Promise<string | undefined> {
    return ((await this.call('sendFile', file, name)) as string | null) ?? undefined;
  }

  async readFile(id: string, thumbnail: boolean): Promise<Blob | undefined> {
    const blob = await this.call('readFile', id, thumbnail);
    return blob instanceof Blob ? blob : undefined;
  }

  setTyping(on: boolean): void {
    this.call('setTyping', on);
  }

  startNewConversation(): void {
    this.conversation = emptyConversation;
    this.call('startNewConversation');
  }

  setPanelOpen(open: boolean): void {
    this.call('setPanelOpen', open);
  }

  identify(identity: IdentityClaim): void {
    this.call('identify', identity);
  }

  logout(): void {
    this.call('logout');
  }

  destroy(): void {
    window.removeEventListener('message', this.onMessage);
    this.frame.remove();
    this.listeners.clear();
  }

  private call(method: FrameCall, ...args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    const message: FrameMessage = { answerdesk: 'call', id, method, args };
    if (this.ready) this.frame.contentWindow?.postMessage(message, this.origin);
    else this.queued.push(message);
    return new Promise((resolve) => this.results.set(id, resolve));
  }

  private readonly onMessage = (e: MessageEvent<FrameMessage>) => {
    if (e.source !== this.frame.contentWindow || e.origin !== this.origin) return;
    const m = e.data;
    if (typeof m !== 'object' || m === null) return;
    if (m.answerdesk === 'need-storage') {
      this.post({ answerdesk: 'storage', values: this.keptValues() });
      return;
    }
    if (m.answerdesk === 'save') {
      if ((m.kind === 'local' || m.kind === 'session') && (STORED_KEYS[m.kind] as readonly string[]).includes(m.key))
        this.keeper(m.kind).set(m.key, typeof m.value === 'string' ? m.value : undefined);
      return;
    }
    if (m.answerdesk === 'state') {
      this.apply(m.state);
      if (!this.ready) {
        this.ready = true;
        for (const q of this.queued.splice(0)) this.frame.contentWindow?.postMessage(q, this.origin);
      }
    } else if (m.answerdesk === 'result') {
      this.results.get(m.id)?.(m.value);
      this.results.delete(m.id);
    }
  };

  private post(m: FrameMessage): void {
    this.frame.contentWindow?.postMessage(m, this.origin);
  }

  /** Where this page keeps the frame's values when the frame has no storage of its own. */
  private keeper(kind: 'local' | 'session') {
    return browserStore(kind, `answerdesk:${this.origin}:`);
  }

  private keptValues() {
    const values = { local: {} as Record<string, string>, session: {} as Record<string, string> };
    for (const kind of ['local', 'session'] as const)
      for (const key of STORED_KEYS[kind]) {
        const v = this.keeper(kind).get(key);
        if (v !== undefined) values[kind][key] = v;
      }
    return values;
  }

  private apply(s: SessionSnapshot): void {
    this.conversation = s.conversation;
    this.status = s.status;
    this.pending = s.outbox;
    this.unread = s.unread;
    this.sessions = s.sessions;
    for (const fn of this.listeners) fn();
  }
}
