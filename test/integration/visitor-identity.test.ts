import { IDENTITY_SECRET, signJwt, userHash } from '../support/identity';
import { startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';

/**
 * Visitor credentials: only a token the server issued, or an identity the site's backend
 * signed, names a visitor; a visitor id, a conversation id or an unsigned identity grants nothing.
 */
describe('visitor credentials', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { WIDGET_IDENTITY_SECRET: IDENTITY_SECRET } });
  });
  afterAll(() => t.close());

  it('resumes a conversation for its token only: not for its ids, a forged token or a client-chosen id', async () => {
    const owner = await connectVisitor(t.url);
    await ask(owner.socket, 'How do I start a return?');
    const { conversationId, visitorId, token } = owner.session;
    const again = await connectVisitor(t.url, { token, conversationId });
    expect(again.session.conversationId).toBe(conversationId);
    expect(again.session.token).not.toBe('');
    again.socket.close();

    const byIds = await connectVisitor(t.url, { conversationId });
    expect(byIds.session.conversationId).not.toBe(conversationId);
    expect(byIds.session.messages).toEqual([]);
    byIds.socket.close();

    const [payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, e: claims.e + 3600 })).toString('base64url')}.${signature}`;
    await expect(connectVisitor(t.url, { token: forged, conversationId })).rejects.toMatchObject({
      data: { code: 'unauthorized', field: 'token' },
    });
    await expect(connectVisitor(t.url, { visitorId, conversationId } as never)).rejects.toMatchObject({
      data: { code: 'invalid_request' },
    });
    owner.socket.close();
  });

  it('gives a verified user their conversation on every device, shown to agents as verified', async () => {
    const identity = { userId: 'customer-42', email: 'ann@example.com', userHash: userHash('customer-42') };
    const laptop = await connectVisitor(t.url, { identity });
    await ask(laptop.socket, 'How do I reset my password?');
    const phone = await connectVisitor(t.url, {
      identity: { jwt: signJwt({ sub: 'customer-42', email: 'ann@example.com', name: 'Ann' }) },
    });
    expect(phone.session.conversationId).toBe(laptop.session.conversationId);
    expect(phone.session.messages.map((m) => m.role)).toEqual(['visitor', 'bot']);
    const stored = await t.history.getConversation(phone.session.conversationId);
    expect(stored?.identity).toEqual({ userId: 'customer-42', email: 'ann@example.com', name: 'Ann', verified: true });

    // Someone who only says they are that user starts a conversation of their own...
    const claimant = await connectVisitor(t.url, {
      identity: { userId: 'customer-42', email: 'ann@example.com' },
      conversationId: laptop.session.conversationId,
    });
    expect(claimant.session.conversationId).not.toBe(laptop.session.conversationId);
    expect(claimant.session.messages).toEqual([]);
    expect((await t.history.getConversation(claimant.session.conversationId))?.identity?.verified).toBe(false);
    // ...and A's signature on B is refused outright.
    await expect(
      connectVisitor(t.url, { identity: { userId: 'customer-43', userHash: userHash('customer-42') } }),
    ).rejects.toMatchObject({ data: { code: 'identity_invalid' } });

    // The verified user's own token cannot overwrite what the site signed with an unsigned claim.
    const overwrite = await connectVisitor(t.url, {
      token: laptop.session.token,
      identity: { email: 'mallory@example.com' },
    });
    expect((await t.history.getConversation(overwrite.session.conversationId))?.identity?.email).toBe(
      'ann@example.com',
    );
    for (const v of [laptop, phone, claimant, overwrite]) v.socket.close();
  });

  it('answers over HTTP only to the holder of the token', async () => {
    const post = (body: object) =>
      fetch(`${t.url}/api/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = (await (await post({ text: 'Do you ship to Germany?' })).json()) as {
      token: string;
      conversationId: string;
    };
    const second = (await (
      await post({ text: 'how much does it cost?', token: first.token, conversationId: first.conversationId })
    ).json()) as { conversationId: string };
    expect(second.conversationId).toBe(first.conversationId);
    const verified = (await (
      await post({ text: 'Hello', identity: { jwt: signJwt({ sub: 'customer-7' }) } })
    ).json()) as { conversationId: string };
    const stranger = await post({ text: 'Hello', identity: { jwt: signJwt({ sub: 'customer-7' }, { alg: 'none' }) } });
    expect(stranger.status).toBe(401);
    expect(((await stranger.json()) as { error: { code: string } }).error.code).toBe('identity_invalid');
    expect(verified.conversationId).toMatch(/\S+/);
  });
});

describe('with IDENTITY_REQUIRED', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { WIDGET_IDENTITY_SECRET: IDENTITY_SECRET, IDENTITY_REQUIRED: '1' } });
  });
  afterAll(() => t.close());

  it('refuses unsigned, tampered, expired and alg:none identities, and takes signed ones and anonymous visitors', async () => {
    const refused = [
      { email: 'ann@example.com' },
      { userId: 'u-1', userHash: userHash('u-1', 'another-secret-456') },
      { jwt: signJwt({ sub: 'u-1', exp: Math.floor(Date.now() / 1000) - 10 }) },
      { jwt: signJwt({ sub: 'u-1' }, { alg: 'none' }) },
    ];
    for (const identity of refused)
      await expect(connectVisitor(t.url, { identity })).rejects.toMatchObject({
        data: { code: 'identity_invalid', field: 'identity' },
      });
    const signed = await connectVisitor(t.url, { identity: { jwt: signJwt({ sub: 'u-1' }) } });
    const anonymous = await connectVisitor(t.url);
    expect(signed.session.visitorId).not.toBe(anonymous.session.visitorId);
    signed.socket.close();
    anonymous.socket.close();
  });
});

describe('an expired visitor token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { VISITOR_TOKEN_TTL_MS: '1500' } });
  });
  afterAll(() => t.close());

  it('stops a socket whose token expired from acting', async () => {
    const v = await connectVisitor(t.url);
    await new Promise((r) => setTimeout(r, 1600));
    const disconnected = new Promise((r) => v.socket.once('disconnect', r));
    const ack = await v.socket
      .timeout(5000)
      .emitWithAck('message:send', { clientMessageId: 'late-1', text: 'Where is my order?' });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await disconnected;
    expect(await t.history.listMessages(v.session.conversationId)).toEqual([]);
    await expect(connectVisitor(t.url, { token: v.session.token })).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
  });
});
