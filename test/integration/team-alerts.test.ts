import { createHmac } from 'node:crypto';
import { Webhook } from '../../src/notify/webhook';
import { createLogger } from '../../src/logger';
import { addAgent, connectAgent } from '../support/agent-client';
import { eventually } from '../support/eventually';
import { FakeOpenAi } from '../support/fake-openai';
import { SmtpSink } from '../support/smtp-sink';
import { login, startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';
import { WebhookSink } from '../support/webhook-sink';

const SECRET = 'webhook-signing-secret-0123456789';

describe('alerts that reach the team outside the console', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let hooks: WebhookSink;
  let upstream: FakeOpenAi;
  beforeAll(async () => {
    smtp = new SmtpSink();
    hooks = new WebhookSink();
    upstream = new FakeOpenAi();
    t = await startTestApp({
      env: {
        SMTP_URL: await smtp.start(),
        SMTP_FROM: 'Shop support <support@shop.example>',
        WEBHOOK_URL: await hooks.start(),
        WEBHOOK_SECRET: SECRET,
        PUBLIC_URL: 'https://support.shop.example',
        OPENAI_BASE_URL: await upstream.start(),
        LLM_MAX_RETRIES: '0',
        RATE_LIMIT_DISABLED: '1',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([smtp.stop(), hooks.stop(), upstream.stop()]);
  });

  const signature = (raw: string) => `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;

  it('a visitor waiting for a person: an email to the agents online and a signed webhook with Slack-compatible text', async () => {
    const admin = await login(t.url);
    await addAgent(t.url, admin, { email: 'offline-agent@example.com', name: 'Not Here' });
    const present = await connectAgent(t.url, admin);
    const v = await connectVisitor(t.url, { identity: { name: 'Grace' } });
    await ask(v.socket, 'Where is my parcel?');
    await v.socket.emitWithAck('handoff:request', {});

    const hook = await hooks.waitFor((h) => h.body.event === 'handoff.requested');
    expect(hook.headers['x-answerdesk-signature']).toBe(signature(hook.raw));
    expect(hook.headers['x-answerdesk-event']).toBe('handoff.requested');
    expect(hook.body.text).toBe('Grace is waiting for a person: “Where is my parcel?”');
    expect(hook.body.conversation.id).toBe(v.session.conversationId);
    expect(hook.body.url).toBe(`https://support.shop.example/console#/conversations?id=${v.session.conversationId}`);

    const [mail] = await smtp.waitFor(1);
    expect(mail.to).toEqual([TEST_ADMIN.email]);
    expect(mail.from).toBe('support@shop.example');
    expect(mail.subject).toBe('[Answerdesk] Grace is waiting for a person');
    expect(mail.body).toContain(hook.body.url);
    v.socket.close();
    present.close();
  });

  it('an offline message: an email to every agent and a webhook; the body is text, never markup', async () => {
    const v = await connectVisitor(t.url);
    // The agent of the test before has left: nobody is online.
    await eventually(async () => (await v.socket.emitWithAck('handoff:request', {})).handoff.status === 'offline');
    smtp.mails.length = 0;
    await v.socket.emitWithAck('handoff:message', {
      email: 'ada@example.com',
      message: 'My lamp <b>flickers</b>\r\nBcc: everyone@example.com',
    });
    const hook = await hooks.waitFor((h) => h.body.event === 'offline.message');
    expect(hook.headers['x-answerdesk-signature']).toBe(signature(hook.raw));
    expect(hook.body.conversation.contact.email).toBe('ada@example.com');
    const [mail] = await smtp.waitFor(1);
    expect(mail.to.sort()).toEqual([TEST_ADMIN.email, 'offline-agent@example.com'].sort());
    expect(mail.subject).toBe('[Answerdesk] ada@example.com left a message');
    expect(mail.raw).toMatch(/Content-Type: text\/plain/i);
    // The visitor's line break stays in the body: it adds no header and no recipient.
    expect(mail.raw.split(/\r?\n\r?\n/)[0]).not.toMatch(/^Bcc:/im);
    expect(mail.body).toContain('My lamp <b>flickers</b>');
    expect(mail.body).toContain('Reply to: ada@example.com');
    v.socket.close();
  });

  it('an LLM upstream that keeps failing: counted, shown with its last error, and a webhook once', async () => {
    upstream.always({ kind: 'status', status: 500, body: { error: { message: 'upstream exploded' } } });
    const v = await connectVisitor(t.url);
    for (const q of ['How do I return an item?', 'How long does shipping take?', 'Can I cancel my order?'])
      expect((await ask(v.socket, q)).end.text.length).toBeGreaterThan(0);
    const hook = await hooks.waitFor((h) => h.body.event === 'llm.failing');
    expect(hook.headers['x-answerdesk-signature']).toBe(signature(hook.raw));
    expect(hook.body.failures).toBe(3);
    expect(hook.body.text).toMatch(/failed 3 times in a row/);
    await ask(v.socket, 'Which payment methods do you accept?');
    const admin = await login(t.url);
    const usage = await fetch(`${t.url}/api/v1/stats/llm`, { headers: { authorization: `Bearer ${admin}` } }).then(
      (r) => r.json(),
    );
    expect(usage.health.failures.error).toBe(4);
    expect(usage.health.consecutiveFailures).toBe(4);
    expect(usage.health.lastError).toMatchObject({ reason: 'error', message: expect.stringMatching(/500/) });
    expect(hooks.hooks.filter((h) => h.body.event === 'llm.failing')).toHaveLength(1);
    const metrics = await fetch(`${t.url}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/answerdesk_llm_upstream_seconds_count\{outcome="error"\} 4/);
    expect(metrics).toMatch(/answerdesk_llm_fallbacks_total\{reason="error"\} 4/);
    upstream.always({ kind: 'stream', deltas: ['Back [1].'] });
    v.socket.close();
  });
});

describe('the webhook’s delivery', () => {
  it('tries again after a 5xx or a 429, gives up after three tries, and does not retry a 4xx', async () => {
    const sink = new WebhookSink();
    const url = await sink.start();
    const hook = new Webhook({ url, logger: createLogger('silent') }, [10, 10]);
    const event = { event: 'handoff.requested' as const, at: new Date().toISOString(), text: 'x' };
    sink.statuses.push(503, 429);
    expect(await hook.send(event)).toBe(true);
    expect(sink.attempts).toBe(3);
    sink.statuses.push(500, 500, 500);
    expect(await hook.send(event)).toBe(false);
    expect(sink.attempts).toBe(6);
    sink.statuses.push(410);
    expect(await hook.send(event)).toBe(false);
    expect(sink.attempts).toBe(7);
    // Unsigned without a secret.
    expect(sink.hooks[0].headers['x-answerdesk-signature']).toBeUndefined();
    await sink.stop();
  });
});
