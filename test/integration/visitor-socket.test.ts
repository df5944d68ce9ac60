import { ask, connectVisitor, waitFor } from '../support/visitor-client';
import { startTestApp, type TestApp } from '../support/test-app';

describe('visitor namespace (protocol v1) on a real server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { RATE_LIMIT_MESSAGES: '6', RATE_LIMIT_WINDOW_MS: '60000', MAX_MESSAGE_CHARS: '200' },
    });
  });
  afterAll(() => t.close());

  it('sends a new visitor an empty session with fresh ids and mode bot', async () => {
    const v = await connectVisitor(t.url);
    expect(v.session.visitorId).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(v.session.conversationId).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(v.session.mode).toBe('bot');
    expect(v.session.messages).toEqual([]);
    v.socket.close();
  });

  it('acks the question first, then streams a sourced answer with its latency', async () => {
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How do I reset my password?');
    expect(r.ack.ok).toBe(true);
    expect(r.ack.message).toMatchObject({
      role: 'visitor',
      text: 'How do I reset my password?',
      conversationId: v.session.conversationId,
    });
    expect(r.order.slice(0, 2)).toEqual(['ack', 'answer:start']);
    expect(r.deltas.length).toBeGreaterThan(0);
    expect(r.end.role).toBe('bot');
    expect(r.end.answered).toBe(true);
    expect(r.end.text).toContain('Forgot password?');
    expect(r.end.sources![0]).toMatchObject({
      path: 'account/reset-your-password.md',
      title: 'Reset your password',
      url: 'https://help.nimbus-home.example/account/reset-password',
    });
    expect(r.end.sources![0].score).toBeGreaterThan(0.5);
    const { retrievalMs, firstTokenMs, totalMs } = r.end.latency!;
    expect(retrievalMs).toBeGreaterThan(0);
    expect(firstTokenMs).toBeGreaterThanOrEqual(retrievalMs);
    expect(totalMs).toBeGreaterThanOrEqual(firstTokenMs);
    v.socket.close();
  });

  it('declines honestly, offering a person, when the knowledge base does not cover the question', async () => {
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'Who won the football world cup in 1998?');
    expect(r.end.answered).toBe(false);
    expect(r.end.sources).toEqual([]);
    expect(r.end.text).toMatch(/couldn't find/i);
    expect(r.end.text).toMatch(/Talk to a person/);
    v.socket.close();
  });

  it('shows the whole conversation again to a returning visitor (the token it was issued)', async () => {
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'What is your return policy?');
    v.socket.close();
    const again = await connectVisitor(t.url, { token: v.session.token });
    expect(again.session.conversationId).toBe(v.session.conversationId);
    expect(again.session.messages.map((m) => m.role)).toEqual(['visitor', 'bot']);
    expect(again.session.messages[1].sources!.length).toBeGreaterThan(0);
    expect(again.session.messages[1].latency!.totalMs).toBeGreaterThan(0);
    again.socket.close();
  });

  it('never resumes a conversation that belongs to another visitor', async () => {
    const owner = await connectVisitor(t.url);
    await ask(owner.socket, 'How do I track my package?');
    const intruder = await connectVisitor(t.url, { conversationId: owner.session.conversationId });
    expect(intruder.session.conversationId).not.toBe(owner.session.conversationId);
    expect(intruder.session.messages).toEqual([]);
    owner.socket.close();
    intruder.socket.close();
  });

  it('stores a resent clientMessageId once and acks it with the first message', async () => {
    const v = await connectVisitor(t.url);
    const first = await ask(v.socket, 'Which payment methods do you accept?', 'same-id-1');
    const again = await v.socket.emitWithAck('message:send', {
      clientMessageId: 'same-id-1',
      text: 'Which payment methods do you accept?',
    });
    expect(again).toEqual({ ok: true, message: first.ack.message });
    const messages = await t.history.listMessages(v.session.conversationId);
    expect(messages.filter((m) => m.role === 'visitor')).toHaveLength(1);
    expect(messages.filter((m) => m.role === 'bot')).toHaveLength(1);
    v.socket.close();
  });

  it('answers a resent message that was stored but never answered (a node died mid-answer)', async () => {
    const v = await connectVisitor(t.url);
    // What a crashed node leaves behind: the question stored, no answer after it.
    await t.history.appendMessage({
      conversationId: v.session.conversationId,
      role: 'visitor',
      text: 'How do I track my package?',
      clientMessageId: 'orphan-1',
    });
    const r = await ask(v.socket, 'How do I track my package?', 'orphan-1');
    expect(r.end.answered).toBe(true);
    expect(r.end.sources![0].path).toBe('shipping/track-your-package.md');
    const stored = await t.history.listMessages(v.session.conversationId);
    expect(stored.map((m) => m.role)).toEqual(['visitor', 'bot']);
    // Once answered, a further resend is only acked.
    let restarted = false;
    v.socket.on('answer:start', () => (restarted = true));
    expect(
      (await v.socket.emitWithAck('message:send', { clientMessageId: 'orphan-1', text: 'How do I track my package?' }))
        .ok,
    ).toBe(true);
    await new Promise((res) => setTimeout(res, 200));
    expect(restarted).toBe(false);
    v.socket.close();
  });

  it('echoes the message to the visitor’s other tabs and streams the answer to all of them', async () => {
    const a = await connectVisitor(t.url);
    const b = await connectVisitor(t.url, { token: a.session.token, conversationId: a.session.conversationId });
    const echoed = waitFor(b.socket, 'message:new');
    const endOnB = waitFor(b.socket, 'answer:end');
    const r = await ask(a.socket, 'Can I cancel my order?');
    expect((await echoed).message.id).toBe(r.ack.message.id);
    expect((await endOnB).message.id).toBe(r.end.id);
    a.socket.close();
    b.socket.close();
  });

  it.each([
    [{ clientMessageId: 'x1', text: '   ' }, 'empty_message'],
    [{ clientMessageId: 'x2', text: 'y'.repeat(201) }, 'message_too_long'],
    // Past MAX_BODY_BYTES too: a typed error, not a closed connection.
    [{ clientMessageId: 'x4', text: 'z'.repeat(300_000) }, 'message_too_long'],
    [{ clientMessageId: 'x3', text: 42 }, 'invalid_request'],
    [{ text: 'no id' }, 'invalid_request'],
    [{ clientMessageId: '../../etc', text: 'bad id' }, 'invalid_request'],
    ['just a string', 'invalid_request'],
  ])('rejects %j with %s and stores nothing', async (payload, code) => {
    const v = await connectVisitor(t.url);
    const r = await v.socket.emitWithAck('message:send', payload);
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe(code);
    expect(typeof r.error.message).toBe('string');
    expect(r.error.message).not.toMatch(/at .*\.ts|Error:/);
    expect(await t.history.listMessages(v.session.conversationId)).toEqual([]);
    expect(v.socket.connected).toBe(true);
    v.socket.close();
  });

  it('answers unknown events and ack-less sends with protocol:error', async () => {
    const v = await connectVisitor(t.url);
    const unknownAck = await v.socket.emitWithAck('delete:everything', {});
    expect(unknownAck).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
    const err = waitFor(v.socket, 'protocol:error');
    v.socket.emit('message:send', { clientMessageId: 'z1', text: 'hello' });
    expect(await err).toMatchObject({ event: 'message:send', error: { code: 'invalid_request' } });
    v.socket.close();
  });

  it('refuses a malformed handshake with a typed connect error', async () => {
    await expect(connectVisitor(t.url, { conversationId: 'bad id with spaces' })).rejects.toMatchObject({
      data: { code: 'invalid_request', field: 'conversationId' },
    });
  });

  it('rate-limits a flood from one visitor with the time to wait, keeping accepted messages', async () => {
    const v = await connectVisitor(t.url);
    const acks = [];
    for (let i = 0; i < 8; i++)
      acks.push(
        await v.socket.emitWithAck('message:send', {
          clientMessageId: `flood-${i}`,
          text: `question ${i} about shipping`,
        }),
      );
    const ok = acks.filter((a) => a.ok);
    const limited = acks.filter((a) => !a.ok);
    expect(ok).toHaveLength(6);
    expect(limited[0].error.code).toBe('rate_limited');
    expect(limited[0].error.retryAfterMs).toBeGreaterThan(0);
    expect(limited[0].error.retryAfterMs).toBeLessThanOrEqual(10_000);
    const stored = (await t.history.listMessages(v.session.conversationId)).filter((m) => m.role === 'visitor');
    expect(stored.map((m) => m.text)).toEqual(ok.map((a) => a.message.text));
    v.socket.close();
  });

  it('records a thumbs rating on a bot answer and refuses to rate what is not a bot answer', async () => {
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How do refunds work?');
    const rated = await v.socket.emitWithAck('feedback:send', { messageId: r.end.id, rating: 'down' });
    expect(rated).toMatchObject({ ok: true, message: { id: r.end.id, rating: 'down' } });
    expect((await t.history.getMessage(r.end.id))!.rating).toBe('down');
    const wrong = await v.socket.emitWithAck('feedback:send', { messageId: r.ack.message.id, rating: 'up' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'message_not_found' } });
    const bad = await v.socket.emitWithAck('feedback:send', { messageId: r.end.id, rating: 'meh' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_request', field: 'rating' } });
    v.socket.close();
  });
});
