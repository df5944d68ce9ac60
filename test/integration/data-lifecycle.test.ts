import { readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import path from 'node:path';
import { RetentionPurge } from '../../src/history/retention';
import { createLogger } from '../../src/logger';
import { Metrics } from '../../src/metrics/metrics';
import { addAgent, api, connectAgent } from '../support/agent-client';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor, waitFor } from '../support/visitor-client';

describe('erasing a visitor’s data on request', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await login(t.url);
  });
  afterAll(() => t.close());

  it('deletes every conversation of that visitor and nothing else, closes their widget and tells every console', async () => {
    const visitor = await connectVisitor(t.url);
    await ask(visitor.socket, 'How do I reset my password?');
    const first = visitor.session.conversationId;
    const { token, visitorId } = visitor.session;
    // A second conversation of the same visitor, over HTTP with the same token.
    const second = await fetch(`${t.url}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Where is my order?', token, conversationId: undefined }),
    }).then((r) => r.json() as Promise<{ conversationId: string; visitorId: string }>);
    expect(second.visitorId).toBe(visitorId);
    const other = await connectVisitor(t.url);
    await ask(other.socket, 'Can I return a gift?');

    const console = await connectAgent(t.url, admin);
    const erased = waitFor<{ visitorId: string }>(console, 'visitor:erased');
    const closed = new Promise<string>((resolve) => visitor.socket.once('disconnect', resolve));

    const res = await api(t.url, admin).del(`/visitors/${visitorId}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ visitorId, conversations: second.conversationId === first ? 1 : 2 });
    expect((await erased).visitorId).toBe(visitorId);
    expect(await closed).toBe('io server disconnect');

    for (const id of new Set([first, second.conversationId]))
      expect((await api(t.url, admin).get(`/conversations/${id}`)).status).toBe(404);
    const left = (await api(t.url, admin).get('/conversations?q=password')).json.conversations as { id: string }[];
    expect(left.map((c) => c.id)).not.toContain(first);
    expect((await api(t.url, admin).get(`/conversations/${other.session.conversationId}`)).status).toBe(200);

    // Nothing of theirs is left in the file, not even in free pages.
    const db = new Database(path.join(t.dataDir, 'answerdesk.db'), { readonly: true });
    try {
      const n = db.prepare('SELECT count(*) AS n FROM conversations WHERE visitor_id = ?').get(visitorId) as {
        n: number;
      };
      expect(n.n).toBe(0);
    } finally {
      db.close();
    }

    // The same visitor coming back starts afresh.
    const back = await connectVisitor(t.url, { token });
    expect(back.session.messages).toEqual([]);
    expect(back.session.conversationId).not.toBe(first);
    for (const s of [visitor.socket, other.socket, back.socket, console]) s.close();

    const metrics = await fetch(`${t.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/answerdesk_conversations_deleted_total\{reason="erasure"\} [12]/);
  });

  it('is for admins only, and refuses a malformed visitor id', async () => {
    const { token } = await addAgent(t.url, admin, { email: 'agent@example.com', name: 'Ag' });
    expect((await api(t.url, token).del('/visitors/abc')).status).toBe(403);
    expect((await api(t.url, admin).del('/visitors/a%20b')).json.error.code).toBe('invalid_request');
    expect((await fetch(`${t.url}/api/v1/visitors/abc`, { method: 'DELETE' })).status).toBe(401);
  });
});

describe('retention (RETENTION_DAYS)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RETENTION_DAYS: '30' } });
  });
  afterAll(() => t.close());

  it('purges the conversations idle for longer than the retention period, and only those, with their files', async () => {
    const idle = await connectVisitor(t.url);
    await ask(idle.socket, 'How do I reset my password?');
    const sendFile = async (v: Awaited<ReturnType<typeof connectVisitor>>) => {
      const res = await fetch(`${t.url}/api/v1/conversations/${v.session.conversationId}/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${v.session.token}`, 'x-file-name': 'note.txt', 'x-client-message-id': 'f' },
        body: 'The box was open.',
      });
      return ((await res.json()) as { message: { attachments: { id: string }[] } }).message.attachments[0].id;
    };
    const idleFile = await sendFile(idle);
    await new Promise((r) => setTimeout(r, 20));
    const thirtyDaysLater = Date.now() + 30 * 86_400_000;
    await new Promise((r) => setTimeout(r, 20));
    const active = await connectVisitor(t.url);
    await ask(active.socket, 'Where is my order?');
    const activeFile = await sendFile(active);

    const metrics = new Metrics();
    const purge = new RetentionPurge(
      {
        history: t.history,
        days: t.config.retentionDays,
        metrics,
        logger: createLogger('silent'),
        afterDeletion: () => t.app.files.sweep(),
      },
      () => thirtyDaysLater,
    );
    expect(await purge.runOnce()).toBe(1);
    expect(await t.history.getConversation(idle.session.conversationId)).toBeNull();
    expect((await t.history.listMessages(active.session.conversationId)).length).toBe(3);
    const file = (id: string, token: string) =>
      fetch(`${t.url}/api/v1/files/${id}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await file(idleFile, idle.session.token)).toBe(404);
    expect(readdirSync(path.join(t.dataDir, 'files', 'c'))).toEqual([active.session.conversationId]);
    expect(await file(activeFile, active.session.token)).toBe(200);
    expect(await metrics.text()).toMatch(/answerdesk_conversations_deleted_total\{reason="retention"\} 1/);
    expect(await purge.runOnce()).toBe(0);
    idle.socket.close();
    active.socket.close();
  });
});

describe('metrics operators expect', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts requests by route pattern, open sockets, and names the default metrics as Node.js dashboards do', async () => {
    const admin = await login(t.url);
    await api(t.url, admin).get('/conversations/some-id');
    const visitor = await connectVisitor(t.url);
    const text = await fetch(`${t.url}/metrics`).then((r) => r.text());
    expect(text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/conversations\/:id",status_code="404"\} 1/,
    );
    expect(text).not.toContain('some-id');
    expect(text).toMatch(/answerdesk_socket_connections_visitor 1/);
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes /m);
    visitor.socket.close();
  });
});
