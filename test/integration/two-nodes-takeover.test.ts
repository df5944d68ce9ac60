import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { call, connectAgent } from '../support/agent-client';
import { FakeOpenAi } from '../support/fake-openai';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { login, SAMPLE_KNOWLEDGE, TEST_ADMIN } from '../support/test-app';
import { connectVisitor, waitFor } from '../support/visitor-client';

const run = redisAvailable() ? describe : describe.skip;

run('takeover across two nodes sharing Redis', () => {
  let redis: RedisServer;
  let upstream: FakeOpenAi;
  let a: ServerProcess;
  let b: ServerProcess;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-takeover-'));

  beforeAll(async () => {
    cpSync(SAMPLE_KNOWLEDGE, path.join(dir, 'knowledge'), { recursive: true });
    redis = await startRedis();
    upstream = new FakeOpenAi();
    const env = {
      REDIS_URL: redis.url,
      SERVER_SECRET: 'a-test-cluster-secret-of-32-characters',
      KNOWLEDGE_DIR: path.join(dir, 'knowledge'),
      OPENAI_BASE_URL: await upstream.start(),
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
    await upstream?.stop();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('counts an agent on node B as available to a visitor on node A, and not once they are away', async () => {
    const agent = await connectAgent(b.url, await login(b.url));
    try {
      const first = await connectVisitor(a.url);
      const waiting = await first.socket.emitWithAck('handoff:request', {});
      expect(waiting.handoff.status).toBe('waiting');
      first.socket.close();
      expect(await call(agent, 'agent:status', { away: true })).toMatchObject({ ok: true, online: [] });
      const second = await connectVisitor(a.url);
      expect((await second.socket.emitWithAck('handoff:request', {})).handoff.status).toBe('offline');
      second.socket.close();
    } finally {
      await call(agent, 'agent:status', { away: false });
      agent.close();
    }
  });

  it('an agent on node B silences the answer node A is streaming, and A stores nothing', async () => {
    upstream.always({ kind: 'stream', deltas: Array.from({ length: 60 }, (_, i) => `w${i} `), delayMs: 40 });
    const visitor = await connectVisitor(a.url);
    const agent = await connectAgent(b.url, await login(b.url));
    const conversationId = visitor.session.conversationId;
    try {
      const firstDelta = waitFor(visitor.socket, 'answer:delta');
      const cancelled = waitFor(visitor.socket, 'answer:cancel', () => true, 8000);
      const ended = jest.fn();
      visitor.socket.on('answer:end', ended);
      await visitor.socket
        .timeout(5000)
        .emitWithAck('message:send', { clientMessageId: 'q', text: 'How do I reset my password?' });
      await firstDelta;
      expect(await call(agent, 'conversation:takeover', { conversationId })).toMatchObject({
        ok: true,
        conversation: { mode: 'agent' },
      });
      expect((await cancelled).conversationId).toBe(conversationId);
      // Well before the 60 x 40 ms stream would have ended.
      await new Promise((r) => setTimeout(r, 500));
      expect(ended).not.toHaveBeenCalled();
      const transcript = await fetch(`${b.url}/api/v1/conversations/${conversationId}`, {
        headers: { authorization: `Bearer ${await login(a.url)}` },
      }).then((r) => r.json());
      expect(transcript.messages.map((m: { role: string }) => m.role)).toEqual(['visitor', 'system']);

      // The agent's reply, sent on B, reaches the visitor on A.
      const reply = waitFor(visitor.socket, 'message:new', (p) => p.message.role === 'agent');
      await call(agent, 'agent:reply', { conversationId, clientMessageId: 'r', text: 'Hi, Admin here.' });
      expect((await reply).message.text).toBe('Hi, Admin here.');
    } finally {
      visitor.socket.close();
      agent.close();
    }
  });
});
