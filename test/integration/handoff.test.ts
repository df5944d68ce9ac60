import type { Socket } from 'socket.io-client';
import { addAgent, api, call, connectAgent } from '../support/agent-client';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor, waitFor } from '../support/visitor-client';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

describe('talking to a person', () => {
  let t: TestApp;
  let token: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp({ env: { HANDOFF_TIMEOUT_MS: '60000', RATE_LIMIT_DISABLED: '1' } });
    token = await login(t.url);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t.close());

  async function agentSocket(auth: { away?: boolean } = {}): Promise<Socket> {
    const s = auth.away
      ? await (async () => {
          const { io } = await import('socket.io-client');
          const socket = io(`${t.url}/agent`, {
            auth: { token, away: true },
            transports: ['websocket'],
            forceNew: true,
          });
          await new Promise<void>((r) => socket.once('connect', () => r()));
          return socket;
        })()
      : await connectAgent(t.url, token);
    sockets.push(s);
    return s;
  }

  async function visitor() {
    const v = await connectVisitor(t.url);
    sockets.push(v.socket);
    return v;
  }

  it('with an agent online: the visitor waits, the bot keeps answering, and the agent who joins is announced', async () => {
    const agent = await agentSocket();
    const v = await visitor();
    const conversationId = v.session.conversationId;
    const alert = waitFor(agent, 'handoff:requested', (p) => p.conversation.id === conversationId);
    const note = waitFor(v.socket, 'message:new', (p) => p.message.role === 'system');
    const r = await v.socket.emitWithAck('handoff:request', {});
    expect(r).toEqual({ ok: true, mode: 'waiting', handoff: { conversationId, status: 'waiting', position: 1 } });
    expect((await note).message.text).toMatch(/will join.*You are next in line.*keep answering/s);
    const waiting = (await alert).conversation;
    expect(waiting.mode).toBe('waiting');
    expect(Date.now() - Date.parse(waiting.waitingSince)).toBeLessThan(5000);

    // While waiting, the bot still answers.
    const answer = await ask(v.socket, 'How do I reset my password?');
    expect(answer.end.role).toBe('bot');
    expect(answer.end.sources?.length).toBeGreaterThan(0);

    const joined = waitFor(v.socket, 'handoff', (p) => p.status === 'joined');
    const taken = await call(agent, 'conversation:takeover', { conversationId });
    expect(taken.conversation.waitingSince).toBeUndefined();
    expect(await joined).toEqual({ conversationId, status: 'joined', agentName: 'Admin' });

    // The next visitors are told how long the last one waited (at least a minute), and their place in line.
    const next = await visitor();
    const r2 = await next.socket.emitWithAck('handoff:request', {});
    expect(r2.handoff).toEqual({
      conversationId: next.session.conversationId,
      status: 'waiting',
      expectedWaitMinutes: 1,
      position: 1,
    });
    const third = await visitor();
    const line = waitFor(third.socket, 'message:new', (p) => p.message.role === 'system');
    expect((await third.socket.emitWithAck('handoff:request', {})).handoff.position).toBe(2);
    expect((await line).message.text).toMatch(/You are number 2 in line\. The wait is about 1 minute\./);
  });

  it('with nobody online: the visitor leaves an email and a message, kept as an offline message in the inbox', async () => {
    const v = await visitor();
    const conversationId = v.session.conversationId;
    const note = waitFor(v.socket, 'message:new', (p) => p.message.role === 'system');
    const r = await v.socket.emitWithAck('handoff:request', {});
    expect(r).toEqual({ ok: true, mode: 'bot', handoff: { conversationId, status: 'offline' } });
    expect((await note).message.text).toMatch(/Nobody .* available right now.*email/s);

    const bad = await v.socket.emitWithAck('handoff:message', { email: 'not an email' });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatchObject({ code: 'invalid_request', field: 'email' });

    const agent = await agentSocket();
    const offline = waitFor(agent, 'offline:message', (p) => p.conversation.id === conversationId);
    const left = await v.socket.emitWithAck('handoff:message', {
      email: 'ada@example.com',
      message: 'Call me about my order',
    });
    expect(left).toEqual({ ok: true, handoff: { conversationId, status: 'message_left' } });
    const { conversation } = await offline;
    expect(conversation.contact).toMatchObject({ email: 'ada@example.com', message: 'Call me about my order' });
    const inbox = await fetch(`${t.url}/api/v1/conversations?offline=1`, {
      headers: { authorization: `Bearer ${token}` },
    }).then((res) => res.json());
    expect(inbox.conversations.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const messages = await t.history.listMessages(conversationId);
    expect(messages.at(-1)?.text).toMatch(/reply to ada@example.com/);
    // Nothing the visitor left is a question the bot owes an answer.
    expect(messages.filter((m) => m.role === 'visitor')).toEqual([]);
  });

  it('counts an agent set away as nobody, and counts them again when they are back', async () => {
    const agent = await agentSocket({ away: true });
    const first = await visitor();
    expect((await first.socket.emitWithAck('handoff:request', {})).handoff.status).toBe('offline');
    const back = await call(agent, 'agent:status', { away: false });
    expect(back).toMatchObject({ ok: true, online: [expect.any(String)], away: [] });
    const second = await visitor();
    expect((await second.socket.emitWithAck('handoff:request', {})).handoff.status).toBe('waiting');
    const away = await call(agent, 'agent:status', { away: true });
    expect(away).toMatchObject({ online: [], away: [expect.any(String)] });
  });
});

describe('talking to a person outside business hours', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Open only on a day that is not today, in UTC.
    const otherDay = DAYS[(new Date().getUTCDay() + 2) % 7];
    t = await startTestApp({ env: { BUSINESS_HOURS: `${otherDay} 09:00-17:00`, BUSINESS_TIMEZONE: 'UTC' } });
  });
  afterAll(() => t.close());

  it('says when the team is back, even with an agent online, and takes an email', async () => {
    const agent = await connectAgent(t.url, await login(t.url));
    const v = await connectVisitor(t.url);
    const note = waitFor(v.socket, 'message:new', (p) => p.message.role === 'system');
    const r = await v.socket.emitWithAck('handoff:request', {});
    expect(r.handoff.status).toBe('offline');
    const back = new Date(r.handoff.nextOpening);
    expect(back.getUTCHours()).toBe(9);
    expect(back.getTime()).toBeGreaterThan(Date.now());
    expect((await note).message.text).toMatch(/We are back \w+day, 09:00 UTC/);
    const left = waitFor(v.socket, 'message:new', (p) => /reply to/.test(p.message.text));
    await v.socket.emitWithAck('handoff:message', { email: 'bob@example.com' });
    expect((await left).message.text).toMatch(
      /reply to bob@example.com by email once we are back, \w+day, 09:00 UTC\.$/,
    );
    v.socket.close();
    agent.close();
  });
});

describe('a visitor nobody joins in time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { HANDOFF_TIMEOUT_MS: '1500' } });
  });
  afterAll(() => t.close());

  it('is told, offered to leave an email, and the bot goes on; a visitor an agent joined in time is left alone', async () => {
    const agentToken = await login(t.url);
    const agent = await connectAgent(t.url, agentToken);
    const [late, served] = [await connectVisitor(t.url), await connectVisitor(t.url)];
    await late.socket.emitWithAck('handoff:request', {});
    await served.socket.emitWithAck('handoff:request', {});
    const took = await call(agent, 'conversation:takeover', { conversationId: served.session.conversationId });
    expect(took).toMatchObject({ ok: true, conversation: { mode: 'agent' } });
    const offered = await waitFor(late.socket, 'handoff', (p) => p.status === 'offline', 15_000);
    expect(offered.conversationId).toBe(late.session.conversationId);
    const c = await t.history.getConversation(late.session.conversationId);
    expect(c).toMatchObject({ mode: 'bot' });
    expect(c?.waitingSince).toBeUndefined();
    const texts = (await t.history.listMessages(late.session.conversationId)).map((m) => m.text);
    expect(texts.at(-1)).toMatch(/nobody from our team could join in time/i);
    expect((await t.history.getConversation(served.session.conversationId))?.mode).toBe('agent');
    expect((await t.history.listMessages(served.session.conversationId)).map((m) => m.text).join(' ')).not.toMatch(
      /in time/,
    );
    for (const s of [late.socket, served.socket, agent]) s.close();
  }, 30_000);
});

describe('business hours set in the console', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { BUSINESS_HOURS: 'mon-sun 00:00-24:00', BUSINESS_TIMEZONE: 'UTC' } });
  });
  afterAll(() => t.close());

  it('override the configured ones on the next request, for admins only, refusing a schedule that cannot be read', async () => {
    const admin = await login(t.url);
    const http = api(t.url, admin);
    expect((await http.get('/settings/business-hours')).json).toMatchObject({
      hours: 'mon-sun 00:00-24:00',
      source: 'config',
      open: true,
      nextOpening: null,
    });
    const agent = await connectAgent(t.url, admin);
    const otherDay = DAYS[(new Date().getUTCDay() + 3) % 7];
    const set = await http.put('/settings/business-hours', {
      hours: `${otherDay} 10:00-12:00`,
      timeZone: 'Europe/Paris',
      holidays: '2026-12-25',
    });
    expect(set.json).toMatchObject({ source: 'console', open: false, timeZone: 'Europe/Paris' });
    expect(Date.parse(set.json.nextOpening)).toBeGreaterThan(Date.now());
    const v = await connectVisitor(t.url);
    expect((await v.socket.emitWithAck('handoff:request', {})).handoff).toMatchObject({
      status: 'offline',
      nextOpening: set.json.nextOpening,
    });

    const bad = await http.put('/settings/business-hours', { hours: 'weekdays 9 to 5', timeZone: 'UTC' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_request', field: 'hours' });
    const { token } = await addAgent(t.url, admin, { email: 'plain@example.com', name: 'Plain' });
    expect((await api(t.url, token).put('/settings/business-hours', { hours: '', timeZone: 'UTC' })).status).toBe(403);

    // Empty: always open again.
    expect((await http.put('/settings/business-hours', { hours: '', timeZone: 'UTC' })).json.open).toBe(true);
    const w = await connectVisitor(t.url);
    expect((await w.socket.emitWithAck('handoff:request', {})).handoff.status).toBe('waiting');
    for (const s of [agent, v.socket, w.socket]) s.close();
  });
});
