import type { IdentityClaim, Rating } from '../../src/protocol/dto';
import { ChatClient } from './chat-client';
import { checkedContext, type PageContext } from './page-context';
import { FRAME_CALLS, STORED_KEYS, type FrameCall, type FrameMessage, type StoredValues } from './chat-session';
import { browserStore, memoryStore, storageWorks, type KeyValueStore } from './storage';

/**
 * The widget's connection, in an iframe on the Answerdesk origin (`/widget/frame`): the visitor
 * token lives in this origin's storage and travels only on this frame's socket, out of reach of
 * the host page's scripts. The host page's widget (FrameChatClient) sees the state and makes the
 * calls of FRAME_CALLS, nothing more. Only the page that embeds the frame (its parent) is
 * listened to, and which sites may embed it is the server's CSP `frame-ancestors`.
 *
 * A browser that refuses a third-party frame its storage (private windows, strict tracking
 * protection) would lose the conversation on every page: there, and only there, the host page
 * keeps what the client stores, as a widget without a frame would (docs/security.md).
 */
function boot(): void {
  if (window.parent === window) return;
  const prefix = 'answerdesk:';
  const ownStorage = storageWorks('local') && storageWorks('session');
  let client: ChatClient | undefined;
  let parentOrigin: string | undefined;
  let context: PageContext | undefined;
  const post = (m: FrameMessage) => parentOrigin && window.parent.postMessage(m, parentOrigin);

  const start = (local: KeyValueStore, session: KeyValueStore) => {
    if (client) return;
    client = new ChatClient({ serverUrl: location.origin, local, session, context });
    const c = client;
    c.subscribe(() => post({ answerdesk: 'state', state: c.snapshot() }));
    c.connect();
    post({ answerdesk: 'state', state: c.snapshot() });
  };
  /** Memory seeded with what the host page kept, each change sent back to it. */
  const kept = (kind: 'local' | 'session', values: Record<string, string>): KeyValueStore => {
    const m = memoryStore();
    for (const key of STORED_KEYS[kind]) if (typeof values[key] === 'string') m.set(key, values[key]);
    return {
      get: (k) => m.get(k),
      set: (k, v) => {
        m.set(k, v);
        post({ answerdesk: 'save', kind, key: k, value: v ?? null });
      },
    };
  };

  window.addEventListener('message', (e: MessageEvent<FrameMessage>) => {
    if (e.source !== window.parent || typeof e.data !== 'object' || e.data === null) return;
    const m = e.data;
    if (m.answerdesk === 'hello') {
      // The first page to greet is the parent we answer, at its own origin only.
      parentOrigin ??= e.origin;
      if (e.origin !== parentOrigin) return;
      context = checkedContext(m.context);
      if (ownStorage) start(browserStore('local', prefix), browserStore('session', prefix));
      else post({ answerdesk: 'need-storage' });
      return;
    }
    if (e.origin !== parentOrigin) return;
    if (m.answerdesk === 'storage' && !ownStorage) {
      const values: StoredValues = m.values ?? { local: {}, session: {} };
      start(kept('local', values.local ?? {}), kept('session', values.session ?? {}));
      return;
    }
    if (m.answerdesk !== 'call' || !client || !FRAME_CALLS.includes(m.method)) return;
    void Promise.resolve(call(client, m.method, Array.isArray(m.args) ? m.args : [])).then((value) =>
      post({ answerdesk: 'result', id: m.id, value: value ?? null }),
    );
  });
}

/** One call of the host page, with its arguments checked: they come from another origin. */
function call(client: ChatClient, method: FrameCall, args: unknown[]): unknown {
  const text = (i: number) => (typeof args[i] === 'string' ? (args[i] as string) : '');
  switch (method) {
    case 'send':
      return client.send(text(0));
    case 'dismiss':
      return client.dismiss(text(0));
    case 'rate':
      return args[1] === 'up' || args[1] === 'down' ? client.rate(text(0), args[1] as Rating) : undefined;
    case 'requestHuman':
      return client.requestHuman();
    case 'leaveMessage':
      return client.leaveMessage(text(0), text(1));
    case 'rateConversation':
      return Number.isInteger(args[0]) ? client.rateConversation(args[0] as number, text(1)) : undefined;
    case 'emailTranscript':
      return client.emailTranscript(text(0));
    case 'sendFile':
      return args[0] instanceof Blob ? client.sendFile(args[0], text(1) || 'file') : 'unsupported_file_type';
    case 'readFile':
      return client.readFile(text(0), args[1] === true);
    case 'setTyping':
      return client.setTyping(args[0] === true);
    case 'startNewConversation':
      return client.startNewConversation();
    case 'setPanelOpen':
      return client.setPanelOpen(args[0] === true);
    case 'identify':
      return typeof args[0] === 'object' && args[0] !== null ? client.identify(args[0] as IdentityClaim) : undefined;
    case 'logout':
      return client.logout();
  }
}

boot();
