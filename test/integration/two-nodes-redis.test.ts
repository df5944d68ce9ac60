import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { login, SAMPLE_KNOWLEDGE, TEST_ADMIN } from '../support/test-app';
import { ask, connectVisitor, waitFor } from '../support/visitor-client';

const run = redisAvailable() ? describe : describe.skip;

run('two server processes sharing one Redis', () => {
  let redis: RedisServer;
  let a: ServerProcess;
  let b: ServerProcess;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-cluster-'));

  beforeAll(async () => {
    cpSync(SAMPLE_KNOWLEDGE, path.join(dir, 'knowledge'), { recursive: true });
    redis = await startRedis();
    const env = {
      REDIS_URL: redis.url,
      SERVER_SECRET: 'a-test-cluster-secret-of-32-characters',
      LOGIN_RATE_LIMIT: '4',
      KNOWLEDGE_DIR: path.join(dir, 'knowledge'),
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
    };
    [a, b] = await Promise.all([
      startServerProcess({ ...env, DATA_DIR: path.join(dir, 'a') }),
      startServerProcess({ ...env, DATA_DIR: path.join(dir, 'b') }),
    ]);
  }, 40_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('serves one conversation from both nodes: history and live answers cross over', async () => {
    const onA = await connectVisitor(a.url);
    const first = await ask(onA.socket, 'How do I start a return?');
    expect(first.end.answered).toBe(true);

    // The same visitor on node B sees the conversation so far (history lives in Redis)...
    const onB = await connectVisitor(b.url, {
      token: onA.session.token,
      conversationId: onA.session.conversationId,
    });
    expect(onB.session.conversationId).toBe(onA.session.conversationId);
    expect(onB.session.messages.map((m) => m.id)).toEqual([first.ack.message.id, first.end.id]);

    // ...and receives live what happens on node A (Socket.IO Redis adapter).
    const echoed = waitFor(onB.socket, 'message:new');
    const streamed = waitFor(onB.socket, 'answer:delta');
    const ended = waitFor(onB.socket, 'answer:end');
    const second = await ask(onA.socket, 'When will I get my refund?');
    expect((await echoed).message.id).toBe(second.ack.message.id);
    expect((await streamed).messageId).toBe(second.end.id);
    expect((await ended).message).toEqual(second.end);

    // And the other way round: a question asked on B is answered to the tab on A.
    const endOnA = waitFor(onA.socket, 'answer:end');
    const third = await ask(onB.socket, 'Which payment methods do you accept?');
    expect((await endOnA).message.id).toBe(third.end.id);

    onA.socket.close();
    onB.socket.close();
  });

  it('dedupes a resend that lands on the other node', async () => {
    const onA = await connectVisitor(a.url);
    const r = await ask(onA.socket, 'Can I change my delivery address?', 'cross-node-1');
    onA.socket.close();
    const onB = await connectVisitor(b.url, { token: onA.session.token });
    const again = await onB.socket.emitWithAck('message:send', {
      clientMessageId: 'cross-node-1',
      text: 'Can I change my delivery address?',
    });
    expect(again).toEqual({ ok: true, message: r.ack.message });
    expect(onB.session.messages.filter((m) => m.role === 'visitor')).toHaveLength(1);
    onB.socket.close();
  });

  it('shares answer statistics across nodes', async () => {
    // Accounts live in Redis too: a token from node A works on node B.
    const auth = { headers: { authorization: `Bearer ${await login(a.url)}` } };
    const statsA = await (await fetch(`${a.url}/api/v1/stats`, auth)).json();
    const statsB = await (await fetch(`${b.url}/api/v1/stats`, auth)).json();
    expect(statsA.answers).toBeGreaterThanOrEqual(4);
    expect(statsB.answers).toBe(statsA.answers);
  });

  it('counts sign-in attempts once for the whole cluster', async () => {
    const guess = (url: string, i: number) =>
      fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'victim@example.com', password: `guess number ${i}` }),
      }).then((r) => r.status);
    // LOGIN_RATE_LIMIT is 4: spreading the guesses over both nodes buys nothing.
    const statuses = [await guess(a.url, 0), await guess(b.url, 1), await guess(a.url, 2), await guess(b.url, 3)];
    expect(statuses).toEqual([401, 401, 401, 401]);
    expect(await guess(a.url, 4)).toBe(429);
    expect(await guess(b.url, 5)).toBe(429);
  });

  it('stops gracefully on SIGTERM with exit code 0', async () => {
    expect(await b.stop()).toBe(0);
  });
});
