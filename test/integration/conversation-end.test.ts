import { api, call, connectAgent } from '../support/agent-client';
import { SmtpSink } from '../support/smtp-sink';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor, waitFor } from '../support/visitor-client';

describe('the end of a conversation: a rating and a transcript by email', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  beforeAll(async () => {
    smtp = new SmtpSink();
    t = await startTestApp({
      env: { SMTP_URL: await smtp.start(), SMTP_FROM: 'support@shop.example', RATE_LIMIT_DISABLED: '0' },
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('keeps the visitor’s 1-to-5 rating and comment, shows it to agents live, and averages it', async () => {
    const admin = await login(t.url);
    const agent = await connectAgent(t.url, admin);
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'How do I reset my password?');
    const seen = waitFor(agent, 'conversation:updated', (p) => p.conversation.feedback?.score === 4);
    const r = await v.socket.emitWithAck('conversation:feedback', { score: 4, comment: 'Quick and clear' });
    expect(r).toEqual({ ok: true, conversationId: v.session.conversationId });
    expect((await seen).conversation.feedback).toMatchObject({ score: 4, comment: 'Quick and clear' });
    const bad = await v.socket.emitWithAck('conversation:feedback', { score: 6 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'score' } });

    const w = await connectVisitor(t.url);
    await ask(w.socket, 'Where is my order?');
    await w.socket.emitWithAck('conversation:feedback', { score: 2 });
    const stats = await api(t.url, admin).get('/stats/feedback?window=1h');
    expect(stats.json).toMatchObject({ ratings: 2, average: 3, distribution: [0, 1, 0, 1, 0] });
    for (const s of [agent, v.socket, w.socket]) s.close();
  });

  it('emails the visitor a plain-text transcript without agents’ notes, a few times an hour at most', async () => {
    const admin = await login(t.url);
    const agent = await connectAgent(t.url, admin);
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'How do I reset my password?');
    await call(agent, 'agent:note', {
      conversationId: v.session.conversationId,
      clientMessageId: 'n',
      text: 'INTERNAL ONLY',
    });
    smtp.mails.length = 0;
    expect(await v.socket.emitWithAck('transcript:email', { email: 'ada@example.com' })).toEqual({ ok: true });
    const [mail] = await smtp.waitFor(1);
    expect(mail.to).toEqual(['ada@example.com']);
    expect(mail.subject).toMatch(/^Your conversation with /);
    expect(mail.body).toContain('How do I reset my password?');
    expect(mail.body).toMatch(/Assistant \(/);
    expect(mail.body).not.toContain('INTERNAL ONLY');
    for (let i = 0; i < 2; i++) await v.socket.emitWithAck('transcript:email', { email: 'ada@example.com' });
    const limited = await v.socket.emitWithAck('transcript:email', { email: 'ada@example.com' });
    expect(limited).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    agent.close();
    v.socket.close();
  });

  it('says clearly when no SMTP server is set', async () => {
    const other = await startTestApp();
    try {
      const v = await connectVisitor(other.url);
      const r = await v.socket.emitWithAck('transcript:email', { email: 'ada@example.com' });
      expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      v.socket.close();
    } finally {
      await other.close();
    }
  });
});
