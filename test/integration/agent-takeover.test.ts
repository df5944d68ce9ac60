import type { Socket } from 'socket.io-client';
import { addAgent, call, connectAgent } from '../support/agent-client';
import { eventually } from '../support/eventually';
import { FakeOpenAi } from '../support/fake-openai';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor, waitFor, type Visitor } from '../support/visitor-client';

describe('agents and visitors on a real server: live view, takeover, reply, hand-back', () => {
  let upstream: FakeOpenAi;
  let t: TestApp;
  let adminToken: string;
  let sam: { token: string; agent: { id: string; name: string } };
  let kim: { token: string; agent: { id: string; name: string } };
  const sockets: Socket[] = [];

  beforeAll(async () => {
    upstream = new FakeOpenAi();
    t = await startTestApp({ env: { OPENAI_BASE_URL: await upstream.start(), RATE_LIMIT_DISABLED: '1' } });
    adminToken = await login(t.url);
    sam = await addAgent(t.url, adminToken, { email: 'sam@example.com', name: 'Sam' });
    kim = await addAgent(t.url, adminToken, { email: 'kim@example.com', name: 'Kim' });
  });
  beforeEach(() =>
    upstream.always({ kind: 'stream', deltas: ['You can ', 'reset it ', 'from the sign-in page [1].'] }),
  );
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await t.close();
    await upstream.stop();
  });

  async function visitor(): Promise<Visitor> {
    const v = await connectVisitor(t.url);
    sockets.push(v.socket);
    return v;
  }
  async function agent(token: string): Promise<Socket> {
    const s = await connectAgent(t.url, token);
    sockets.push(s);
    return s;
  }
  const botMessages = async (conversationId: string) =>
    (await t.history.listMessages(conversationId)).filter((m) => m.role === 'bot');

  it('refuses an agent socket without a valid token', async () => {
    await expect(connectAgent(t.url, 'ad_not-a-real-token')).rejects.toMatchObject({ data: { code: 'unauthorized' } });
    await expect(connectAgent(t.url, '')).rejects.toMatchObject({ data: { code: 'unauthorized' } });
  });

  it('shows the live list and the live transcript: the question, the streamed answer and its latency', async () => {
    const a = await agent(sam.token);
    const v = await visitor();
    const conversationId = v.session.conversationId;
    const updated = waitFor(
      a,
      'conversation:updated',
      (p) => p.conversation.id === conversationId && p.conversation.preview === 'How do I reset my password?',
    );
    const opened = await call(a, 'conversation:watch', { conversationId });
    expect(opened).toMatchObject({ ok: true, conversation: { id: conversationId }, messages: [] });
    const live = {
      start: waitFor(a, 'answer:start'),
      end: waitFor(a, 'answer:end'),
      question: waitFor(a, 'message:new', (p) => p.message.role === 'visitor'),
    };
    const deltas: string[] = [];
    a.on('answer:delta', (p) => deltas.push(p.delta));
    await ask(v.socket, 'How do I reset my password?');
    expect((await updated).conversation.unread).toBeGreaterThanOrEqual(1);
    expect((await live.question).message.text).toBe('How do I reset my password?');
    await live.start;
    const end = (await live.end).message;
    expect(deltas.join('')).toBe('You can reset it from the sign-in page [1].');
    expect(end).toMatchObject({
      role: 'bot',
      answered: true,
      sources: [expect.objectContaining({ path: 'account/reset-your-password.md' })],
    });
    expect(end.latency.totalMs).toBeGreaterThanOrEqual(end.latency.firstTokenMs);
    // Opening it again marks the visitor's messages read.
    const again = await call(a, 'conversation:watch', { conversationId });
    expect(again.conversation.unread).toBe(0);
    expect(again.messages.map((m: { role: string }) => m.role)).toEqual(['visitor', 'bot']);
    // A new message while it is open: the console marks it read, and every agent's list follows.
    await ask(v.socket, 'Thanks!');
    expect((await t.history.getConversation(conversationId))!.unread).toBe(1);
    const cleared = waitFor(
      a,
      'conversation:updated',
      (p) => p.conversation.id === conversationId && p.conversation.unread === 0,
    );
    expect((await call(a, 'conversation:read', { conversationId })).conversation.unread).toBe(0);
    await cleared;
  });

  it('alerts every signed-in agent when a visitor asks for a person', async () => {
    const [a, b] = [await agent(sam.token), await agent(kim.token)];
    const v = await visitor();
    const alerts = Promise.all(
      [a, b].map((s) => waitFor(s, 'handoff:requested', (p) => p.conversation.id === v.session.conversationId)),
    );
    await ask(v.socket, 'Where is my parcel?');
    expect((await v.socket.emitWithAck('handoff:request', {})).mode).toBe('waiting');
    for (const alert of await alerts) expect(alert.conversation.mode).toBe('waiting');
    const waiting = await fetch(`${t.url}/api/v1/conversations?mode=waiting`, {
      headers: { authorization: `Bearer ${sam.token}` },
    }).then((r) => r.json());
    expect(waiting.conversations.map((c: { id: string }) => c.id)).toContain(v.session.conversationId);
  });

  it('takes over: the bot goes silent, the visitor sees who joined, and the agent’s replies reach them live', async () => {
    const a = await agent(sam.token);
    const v = await visitor();
    const conversationId = v.session.conversationId;
    await ask(v.socket, 'How do I reset my password?');
    const joined = waitFor(v.socket, 'message:new', (p) => p.message.role === 'system');
    const mode = waitFor(v.socket, 'mode', (p) => p.mode === 'agent');
    const taken = await call(a, 'conversation:takeover', { conversationId });
    expect(taken).toMatchObject({ ok: true, conversation: { mode: 'agent', ownerAgentId: sam.agent.id } });
    await mode;
    expect((await joined).message.text).toBe('Sam joined the conversation.');

    // The visitor writes; the bot stays quiet and the agent sees it live.
    await call(a, 'conversation:watch', { conversationId });
    const seen = waitFor(a, 'message:new', (p) => p.message.text === 'Are you a real person?');
    const started = jest.fn();
    v.socket.on('answer:start', started);
    const ack = await v.socket
      .timeout(5000)
      .emitWithAck('message:send', { clientMessageId: 'after-takeover', text: 'Are you a real person?' });
    expect(ack.ok).toBe(true);
    await seen;

    const typing = waitFor(v.socket, 'typing', (p) => p.role === 'agent' && p.on);
    await call(a, 'agent:typing', { conversationId, on: true });
    await typing;
    const reply = waitFor(v.socket, 'message:new', (p) => p.message.role === 'agent');
    const sent = await call(a, 'agent:reply', {
      conversationId,
      clientMessageId: 'r1',
      text: 'Yes, I am Sam from support.',
    });
    expect(sent).toMatchObject({ ok: true, message: { role: 'agent', author: { id: sam.agent.id, name: 'Sam' } } });
    expect((await reply).message).toMatchObject({ text: 'Yes, I am Sam from support.', author: { name: 'Sam' } });
    // A resend of the same reply is stored once.
    await call(a, 'agent:reply', { conversationId, clientMessageId: 'r1', text: 'Yes, I am Sam from support.' });
    await new Promise((r) => setTimeout(r, 300));
    expect(started).not.toHaveBeenCalled();
    expect(await botMessages(conversationId)).toHaveLength(1);
    expect((await t.history.listMessages(conversationId)).filter((m) => m.role === 'agent')).toHaveLength(1);
  });

  it('lets only one agent own a conversation; the second is told who has it', async () => {
    const [a, b] = [await agent(sam.token), await agent(kim.token)];
    const v = await visitor();
    const conversationId = v.session.conversationId;
    await ask(v.socket, 'hello there, my lamp is broken');
    const [r1, r2] = await Promise.all([
      call(a, 'conversation:takeover', { conversationId }),
      call(b, 'conversation:takeover', { conversationId }),
    ]);
    const [won, lost] = r1.ok ? [r1, r2] : [r2, r1];
    expect(won.ok).toBe(true);
    expect(lost).toEqual({
      ok: false,
      error: {
        code: 'conversation_taken',
        message: `${won.conversation.ownerAgentId === sam.agent.id ? 'Sam' : 'Kim'} is handling this conversation.`,
      },
    });
    const loser = won.conversation.ownerAgentId === sam.agent.id ? b : a;
    expect(
      (await call(loser, 'agent:reply', { conversationId, clientMessageId: 'x', text: 'me too' })).error.code,
    ).toBe('conversation_taken');
    expect((await call(loser, 'conversation:release', { conversationId })).error.code).toBe('conversation_taken');
  });

  it('withdraws an answer that is streaming when an agent takes over, and stores no bot message', async () => {
    upstream.always({ kind: 'stream', deltas: Array.from({ length: 40 }, (_, i) => `w${i} `), delayMs: 50 });
    const a = await agent(sam.token);
    const v = await visitor();
    const conversationId = v.session.conversationId;
    const abortedBefore = upstream.abortedByClient;
    const firstDelta = waitFor(v.socket, 'answer:delta');
    const cancelled = waitFor(v.socket, 'answer:cancel', () => true, 8000);
    const ended = jest.fn();
    v.socket.on('answer:end', ended);
    await v.socket
      .timeout(5000)
      .emitWithAck('message:send', { clientMessageId: 'q1', text: 'How do I reset my password?' });
    const { messageId } = await firstDelta;
    const deltasAfter: string[] = [];
    const taken = call(a, 'conversation:takeover', { conversationId });
    expect((await taken).ok).toBe(true);
    v.socket.on('answer:delta', (p) => deltasAfter.push(p.delta));
    expect(await cancelled).toEqual({ conversationId, messageId });
    await new Promise((r) => setTimeout(r, 400));
    expect(ended).not.toHaveBeenCalled();
    expect(deltasAfter).toEqual([]);
    expect(await botMessages(conversationId)).toEqual([]);
    // The upstream request was aborted rather than left to run to its end.
    await eventually(() => upstream.abortedByClient === abortedBefore + 1, 3000, 'the upstream stream aborted');
  });

  it('hands back to the bot, which answers again, and closes', async () => {
    const a = await agent(sam.token);
    const v = await visitor();
    const conversationId = v.session.conversationId;
    await call(a, 'conversation:takeover', { conversationId });
    const back = waitFor(v.socket, 'mode', (p) => p.mode === 'bot');
    const released = await call(a, 'conversation:release', { conversationId });
    expect(released.conversation).toMatchObject({ mode: 'bot' });
    expect(released.conversation.ownerAgentId).toBeUndefined();
    await back;
    const r = await ask(v.socket, 'How do I reset my password?');
    expect(r.end.role).toBe('bot');
    const closed = await call(a, 'conversation:close', { conversationId });
    expect(closed.conversation.mode).toBe('closed');
    const notices = (await t.history.listMessages(conversationId))
      .filter((m) => m.role === 'system')
      .map((m) => m.text);
    expect(notices).toEqual([
      'Sam joined the conversation.',
      'Sam handed the conversation back to the assistant.',
      expect.stringContaining('closed'),
    ]);
  });

  it('refuses bad agent events with typed errors and changes nothing', async () => {
    const a = await agent(sam.token);
    expect(await call(a, 'conversation:takeover', { conversationId: '../etc' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', field: 'conversationId' },
    });
    expect(await call(a, 'conversation:takeover', { conversationId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'conversation_not_found' },
    });
    const v = await visitor();
    await ask(v.socket, 'hi');
    const conversationId = v.session.conversationId;
    expect(await call(a, 'agent:reply', { conversationId, clientMessageId: 'e1', text: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'empty_message' },
    });
    expect(await call(a, 'no:such:event', {})).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
    expect((await t.history.getConversation(conversationId))!.mode).toBe('bot');
  });

  it('disconnects a removed agent at once and refuses their token', async () => {
    const temp = await addAgent(t.url, adminToken, { email: 'temp@example.com', name: 'Temp' });
    const s = await agent(temp.token);
    const gone = new Promise((r) => s.once('disconnect', r));
    const res = await fetch(`${t.url}/api/v1/agents/${temp.agent.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(res.status).toBe(204);
    await gone;
    expect(
      (await fetch(`${t.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${temp.token}` } })).status,
    ).toBe(401);
  });

  it('returns a removed agent’s conversations to the queue, telling the visitor and alerting the others', async () => {
    const leaver = await addAgent(t.url, adminToken, { email: 'leaver@example.com', name: 'Lee' });
    const l = await agent(leaver.token);
    const other = await agent(kim.token);
    const v = await visitor();
    await ask(v.socket, 'How do I reset my password?');
    const conversationId = v.session.conversationId;
    expect(await call(l, 'conversation:takeover', { conversationId })).toMatchObject({ ok: true });
    const waiting = waitFor(v.socket, 'mode', (p) => p.mode === 'waiting');
    const notice = waitFor(
      v.socket,
      'message:new',
      (p) => p.message.role === 'system' && /had to leave/.test(p.message.text),
    );
    const alert = waitFor(other, 'handoff:requested', (p) => p.conversation.id === conversationId);
    const res = await fetch(`${t.url}/api/v1/agents/${leaver.agent.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(res.status).toBe(204);
    await Promise.all([waiting, notice, alert]);
    const c = await t.history.getConversation(conversationId);
    expect(c).toMatchObject({ mode: 'waiting' });
    expect(c!.ownerAgentId).toBeUndefined();
    // Someone else can take it now.
    expect(await call(other, 'conversation:takeover', { conversationId })).toMatchObject({ ok: true });
  });
});
