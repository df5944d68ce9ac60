import { io } from 'socket.io-client';
import { api, call, connectAgent } from '../support/agent-client';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor, waitFor } from '../support/visitor-client';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe('the visitor’s context beside the transcript', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
    token = await login(t.url);
  });
  afterAll(() => t.close());

  function visitorWith(auth: Record<string, unknown>) {
    const socket = io(`${t.url}/visitor`, {
      auth,
      transports: ['websocket'],
      extraHeaders: { 'user-agent': FIREFOX },
      reconnection: false,
      forceNew: true,
    });
    return socket;
  }

  it('shows the page, browser, language and time zone, when the visitor was first seen, and their earlier conversations', async () => {
    const context = {
      pageUrl: 'https://shop.example.com/cart?step=2',
      pageTitle: 'Your cart — Shop',
      referrer: 'https://www.example.org/review',
      locale: 'fr-FR',
      timeZone: 'Europe/Paris',
    };
    const first = visitorWith({ context });
    const s1 = await waitFor(first, 'session');
    await ask(first, 'How do I reset my password?');
    const agent = await connectAgent(t.url, token);
    await call(agent, 'conversation:close', { conversationId: s1.conversationId });
    first.close();

    // They come back later, on another page: a new conversation.
    const later = { ...context, pageUrl: 'https://shop.example.com/orders', pageTitle: 'Orders' };
    const second = visitorWith({ token: s1.token, context: later });
    const s2 = await waitFor(second, 'session');
    expect(s2.conversationId).not.toBe(s1.conversationId);
    await ask(second, 'Where is my order?');

    const opened = await call(agent, 'conversation:watch', { conversationId: s2.conversationId });
    expect(opened.conversation.context).toEqual({ ...later, browser: 'Firefox 133', os: 'Linux' });
    expect(opened.visitor.earlier.map((c: { id: string }) => c.id)).toEqual([s1.conversationId]);
    expect(opened.visitor.firstSeen).toBe(opened.visitor.earlier[0].createdAt);
    const viaHttp = await api(t.url, token).get(`/conversations/${s2.conversationId}`);
    expect(viaHttp.json.visitor).toEqual(opened.visitor);
    second.close();
    agent.close();
  });

  it('refuses a context that is not what a page reports, naming the field', async () => {
    await expect(connectVisitor(t.url, { context: { pageUrl: 'javascript:alert(1)' } } as never)).rejects.toMatchObject(
      {
        data: { code: 'invalid_request', field: 'context.pageUrl' },
      },
    );
    const res = await fetch(`${t.url}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi', context: { locale: '<script>' } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('context.locale');
  });
});
