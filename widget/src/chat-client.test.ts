import { startTestApp, type TestApp } from '../../test/support/test-app';
import { eventually } from '../../test/support/eventually';
import { ChatClient } from './chat-client';
import { memoryStore, type KeyValueStore } from './storage';

/** The widget's client against a real server, in Node: the same socket.io-client the bundle uses. */
describe('ChatClient against a real server', () => {
  let t: TestApp;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_MESSAGES: '2', RATE_LIMIT_WINDOW_MS: '1500', MAX_MESSAGE_CHARS: '50' },
    });
  });
  afterEach(() => clients.splice(0).forEach((c) => c.destroy()));
  afterAll(() => t.close());

  function client(local: KeyValueStore = memoryStore(), session: KeyValueStore = memoryStore()): ChatClient {
    const c = new ChatClient({ serverUrl: t.url, local, session, ackTimeoutMs: 3000 });
    clients.push(c);
    c.connect();
    return c;
  }

  const until = (c: ChatClient, pred: () => boolean, ms = 8000) =>
    eventually(pred, ms).catch(() => {
      throw new Error(
        `timed out; outbox=${JSON.stringify(c.outbox.all())} messages=${c.conversation.messages.map((m) => m.role).join(',')}`,
      );
    });

  it('sends queued messages in order once online, and shows each once when answered', async () => {
    const c = client();
    c.send('How do I return an item?');
    c.send('   ');
    expect(c.outbox.all()).toHaveLength(1);
    await until(c, () => c.conversation.messages.some((m) => m.role === 'bot'));
    expect(c.outbox.all()).toEqual([]);
    expect(c.conversation.messages.map((m) => m.role)).toEqual(['visitor', 'bot']);
    const stored = await t.history.listMessages(c.conversation.conversationId!);
    expect(stored.map((m) => m.text)).toEqual(['How do I return an item?', c.conversation.messages[1].text]);
  });

  it('waits out a rate limit and then sends, keeping the order and the clientMessageId', async () => {
    const c = client();
    for (const q of ['one?', 'two?', 'three?']) c.send(q);
    const thirdId = c.outbox.all()[2].clientMessageId;
    await until(c, () => c.outbox.all().length === 1 && c.outbox.all()[0].notBefore !== undefined);
    expect(c.outbox.all()[0]).toMatchObject({ text: 'three?', status: 'queued', clientMessageId: thirdId });
    await until(c, () => c.outbox.all().length === 0);
    const visitor = (await t.history.listMessages(c.conversation.conversationId!)).filter((m) => m.role === 'visitor');
    expect(visitor.map((m) => [m.text, m.clientMessageId])).toEqual([
      ['one?', expect.any(String)],
      ['two?', expect.any(String)],
      ['three?', thirdId],
    ]);
  });

  it('keeps a refused message with its reason and never resends it', async () => {
    const c = client();
    c.send('x'.repeat(60));
    await until(c, () => c.outbox.all()[0]?.status === 'failed');
    expect(c.outbox.all()[0].error).toMatchObject({ code: 'message_too_long' });
    c.dismiss(c.outbox.all()[0].clientMessageId);
    expect(c.outbox.all()).toEqual([]);
    expect(await t.history.listMessages(c.conversation.conversationId!)).toEqual([]);
  });

  it('starts afresh, keeping its outbox, when the server refuses the stored token', async () => {
    const local = memoryStore();
    const session = memoryStore();
    const first = client(local, session);
    await until(first, () => first.status === 'online');
    const conversationId = first.conversation.conversationId;
    first.destroy();
    const [payload] = local.get('token')!.split('.');
    local.set('token', `${payload}.forged-signature`);
    const second = client(local, session);
    second.send('How do I reset my password?');
    await until(second, () => second.conversation.messages.some((m) => m.role === 'bot'));
    expect(second.conversation.conversationId).not.toBe(conversationId);
    expect(local.get('token')).not.toContain('forged');
    expect(await t.history.listMessages(conversationId!)).toEqual([]);
  });

  it('after a reload resumes the same conversation and sends what the last page left in its outbox', async () => {
    const local = memoryStore();
    const session = memoryStore();
    const first = client(local, session);
    await until(first, () => first.status === 'online');
    const conversationId = first.conversation.conversationId;
    first.destroy();
    // The page unloaded with a message still queued (typed offline).
    session.set(
      'outbox',
      JSON.stringify([
        {
          clientMessageId: 'left-behind-1',
          text: 'Where is my order?',
          createdAt: new Date().toISOString(),
          status: 'queued',
        },
      ]),
    );
    const second = client(local, session);
    await until(second, () => second.conversation.messages.some((m) => m.role === 'bot'));
    expect(second.conversation.conversationId).toBe(conversationId);
    const stored = await t.history.listMessages(conversationId!);
    expect(stored.filter((m) => m.role === 'visitor').map((m) => m.clientMessageId)).toEqual(['left-behind-1']);
  });

  it('starts a new conversation after one was closed', async () => {
    const c = client();
    await until(c, () => c.status === 'online');
    const old = c.conversation.conversationId!;
    await t.history.updateConversation(old, { mode: 'closed' });
    c.startNewConversation();
    await until(
      c,
      () => c.status === 'online' && !!c.conversation.conversationId && c.conversation.conversationId !== old,
    );
    expect(c.conversation.mode).toBe('bot');
    expect(c.conversation.messages).toEqual([]);
  });
});
