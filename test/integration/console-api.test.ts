import { addAgent, api, connectAgent } from '../support/agent-client';
import { runServerExpectingExit, startServerProcess } from '../support/server-process';
import { login, startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';
import { mkdtempSync, rmSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SAMPLE_KNOWLEDGE } from '../support/test-app';

describe('console API: sign-in, roles, conversations, exports, gaps, latency', () => {
  let t: TestApp;
  let admin: ReturnType<typeof api>;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '5' } });
    admin = api(t.url, await login(t.url));
  });
  afterAll(() => t.close());

  const signIn = (body: unknown, ip?: string) =>
    fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(ip ? { 'x-forwarded-for': ip } : {}) },
      body: JSON.stringify(body),
    });

  it('signs in with the right password only, and never says which part was wrong', async () => {
    const ok = await signIn(TEST_ADMIN);
    expect(ok.status).toBe(200);
    const body = await ok.json();
    expect(body).toEqual({
      token: expect.stringMatching(/^ad_[\w-]{40,}$/),
      agent: {
        id: expect.any(String),
        email: TEST_ADMIN.email,
        name: 'Admin',
        role: 'admin',
        createdAt: expect.any(String),
      },
      expiresAt: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toMatch(/hash|argon/i);
    const wrong = await signIn({ email: TEST_ADMIN.email, password: 'nope nope' });
    const unknown = await signIn({ email: 'ghost@example.com', password: 'nope nope' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect((await wrong.json()).error).toEqual((await unknown.json()).error);
    expect((await signIn({ email: 'x' })).status).toBe(400);
  });

  it('rate-limits sign-in attempts per email', async () => {
    const email = 'victim@example.com';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn({ email, password: `guess-${i}` })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await signIn({ email, password: 'again' });
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited.json()).error.code).toBe('rate_limited');
    // Other people still sign in: the limit is per email (and a wider one per address).
    expect((await signIn(TEST_ADMIN)).status).toBe(200);
  });

  it('ends a session on sign-out', async () => {
    const token = await login(t.url);
    const me = api(t.url, token);
    expect((await me.get('/auth/me')).json.agent.email).toBe(TEST_ADMIN.email);
    expect((await me.post('/auth/logout')).status).toBe(204);
    const after = await me.get('/auth/me');
    expect(after.status).toBe(401);
    expect(after.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('lets admins manage agents and agents only read the list; the last admin stays', async () => {
    const { token, agent } = await addAgent(t.url, await login(t.url), { email: 'Pat@Example.com', name: 'Pat' });
    const pat = api(t.url, token);
    expect(agent).toMatchObject({ email: 'pat@example.com', role: 'agent' });
    expect((await pat.get('/agents')).json.agents.map((a: { email: string }) => a.email)).toContain('pat@example.com');
    expect(
      (await pat.post('/agents', { email: 'x@example.com', name: 'X', role: 'admin', password: 'long enough pw' }))
        .status,
    ).toBe(403);
    expect(
      (
        await admin.post('/agents', {
          email: 'pat@example.com',
          name: 'Again',
          role: 'agent',
          password: 'long enough pw',
        })
      ).json.error.code,
    ).toBe('email_taken');
    expect(
      (await admin.post('/agents', { email: 'short@example.com', name: 'S', role: 'agent', password: 'short' })).json
        .error,
    ).toMatchObject({ code: 'invalid_request', field: 'password' });
    const adminId = (await admin.get('/auth/me')).json.agent.id;
    expect((await admin.del(`/agents/${adminId}`)).json.error.code).toBe('last_admin');
    expect((await pat.del(`/agents/${adminId}`)).status).toBe(403);
  });

  it('lists, filters and searches conversations, newest activity first', async () => {
    const [a, b, c] = [
      await connectVisitor(t.url, { identity: { name: 'Zoe', email: 'zoe@example.com' } }),
      await connectVisitor(t.url),
      await connectVisitor(t.url),
    ];
    await ask(a.socket, 'How do I reset my password?');
    await ask(b.socket, 'What is the airspeed of an unladen swallow?');
    await ask(c.socket, 'Where is my parcel?');
    // Someone is in the console, so the visitor waits for them.
    const present = await connectAgent(t.url, await login(t.url));
    expect((await c.socket.emitWithAck('handoff:request', {})).mode).toBe('waiting');
    present.close();
    const ids = async (q: string) =>
      ((await admin.get(`/conversations${q}`)).json.conversations as { id: string }[]).map((x) => x.id);
    const all = await ids('');
    expect(all.slice(0, 3)).toEqual([c.session.conversationId, b.session.conversationId, a.session.conversationId]);
    expect(await ids('?mode=waiting')).toEqual([c.session.conversationId]);
    expect(await ids('?unanswered=1')).toEqual([b.session.conversationId]);
    expect(await ids('?q=swallow')).toEqual([b.session.conversationId]);
    expect(await ids('?q=zoe%40example')).toEqual([a.session.conversationId]);
    expect(await ids(`?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect((await admin.get('/conversations?mode=sleeping')).json.error).toMatchObject({
      code: 'invalid_request',
      field: 'mode',
    });
    expect((await admin.get('/conversations?from=yesterday-ish')).status).toBe(400);
    for (const v of [a, b, c]) v.socket.close();
  });

  it('exports a conversation and a date range as JSON and as spreadsheet-safe CSV', async () => {
    const v = await connectVisitor(t.url);
    await ask(v.socket, '=HYPERLINK("http://evil.example","click") how do I start a return?');
    const id = v.session.conversationId;
    const json = await admin.get(`/conversations/${id}/export?format=json`);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="conversation-${id}.json"`);
    expect(json.json.conversations[0].messages.map((m: { role: string }) => m.role)).toEqual(['visitor', 'bot']);
    const csv = await admin.get(`/conversations/${id}/export?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'conversation_id,visitor_id,visitor_name,visitor_email,mode,message_id,created_at,role,author,text,answered,rating,sources,retrieval_ms,first_token_ms,total_ms',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""click"") how do I start a return?"`);
    expect(lines[2]).toMatch(/,bot,,/);
    const since = encodeURIComponent(new Date(Date.now() - 60_000).toISOString());
    const range = await admin.get(`/conversations/export?format=json&from=${since}`);
    expect(range.json.conversations.map((x: { conversation: { id: string } }) => x.conversation.id)).toContain(id);
    expect((await admin.get('/conversations/export?format=xml')).status).toBe(400);
    expect((await api(t.url, 'bad').get(`/conversations/${id}/export`)).status).toBe(401);
    v.socket.close();
  });

  it('groups the questions the bot could not answer or got a thumbs down, with a path for a new article', async () => {
    // Two visitors: in one conversation the second question would be read as a follow-up of the first.
    const other = await connectVisitor(t.url);
    await ask(other.socket, 'Can I pay with seashells?');
    other.socket.close();
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'paying with seashells possible?');
    const r = await ask(v.socket, 'How do I reset my password?');
    await v.socket.emitWithAck('feedback:send', { messageId: r.end.id, rating: 'down' });
    const gaps = (await admin.get('/gaps?window=1h')).json.groups as {
      question: string;
      count: number;
      unanswered: number;
      ratedDown: number;
      suggestedPath: string;
    }[];
    const seashells = gaps.find((g) => /seashells/i.test(g.question))!;
    expect(seashells).toMatchObject({
      count: 2,
      unanswered: 2,
      ratedDown: 0,
      suggestedPath: expect.stringMatching(/seashells.*\.md$/),
    });
    expect(gaps.find((g) => g.question === 'How do I reset my password?')).toMatchObject({ count: 1, ratedDown: 1 });
    v.socket.close();
  });

  it('charts latency by time bucket and lists the slowest answers with their breakdown', async () => {
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'How do I reset my password?');
    const series = (await admin.get('/stats/series?window=1h&buckets=12')).json;
    expect(series).toMatchObject({ windowMs: 3_600_000, bucketMs: 300_000 });
    expect(series.points).toHaveLength(12);
    const last = series.points[11];
    expect(last.answers).toBeGreaterThan(0);
    expect(last.firstTokenMs.p95).toBeGreaterThanOrEqual(last.firstTokenMs.p50);
    const slowest = (await admin.get('/stats/slowest?window=1h&limit=3')).json.answers;
    expect(slowest.length).toBeGreaterThan(0);
    expect(slowest[0]).toMatchObject({
      messageId: expect.any(String),
      conversationId: expect.any(String),
      latency: { retrievalMs: expect.any(Number), firstTokenMs: expect.any(Number), totalMs: expect.any(Number) },
    });
    for (let i = 1; i < slowest.length; i++)
      expect(slowest[i - 1].latency.totalMs).toBeGreaterThanOrEqual(slowest[i].latency.totalMs);
    v.socket.close();
  });
});

describe('the first admin', () => {
  it('is created with a generated password, printed once, that signs in; a restart does not print another', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-admin-'));
    cpSync(SAMPLE_KNOWLEDGE, path.join(dir, 'knowledge'), { recursive: true });
    const env = { KNOWLEDGE_DIR: path.join(dir, 'knowledge'), DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'info' };
    const servers: Awaited<ReturnType<typeof startServerProcess>>[] = [];
    try {
      const first = await startServerProcess(env);
      servers.push(first);
      const lines = first
        .output()
        .split('\n')
        .filter((l) => l.includes('generated password'));
      expect(lines).toHaveLength(1);
      const { msg, email } = JSON.parse(lines[0]) as { msg: string; email: string };
      expect(email).toBe('admin@localhost');
      const password = /generated password (\S+)/.exec(msg)![1];
      expect(password.length).toBeGreaterThanOrEqual(16);
      expect(
        (
          await fetch(`${first.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password }),
          })
        ).status,
      ).toBe(200);
      await first.stop();
      const second = await startServerProcess(env);
      servers.push(second);
      expect(second.output()).not.toContain('generated password');
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a too-short ADMIN_PASSWORD at start-up, naming the variable', async () => {
    const { code, output } = await runServerExpectingExit({
      ADMIN_PASSWORD: 'short',
      DATA_DIR: path.join(os.tmpdir(), 'answerdesk-unused'),
    });
    expect(code).toBe(78);
    expect(output).toContain('ADMIN_PASSWORD');
  });
});
