import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Message } from '../../src/protocol/dto';
import { eventually } from '../support/eventually';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { SAMPLE_KNOWLEDGE } from '../support/test-app';
import { connectVisitor, type Visitor } from '../support/visitor-client';

const run = redisAvailable() ? describe : describe.skip;

/** How long /readyz took, and what it said. */
async function ready(url: string): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}

run('two nodes through Redis faults: SIGSTOP, kill -9 and an AOF restart', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-redis-faults-'));
  let redis: RedisServer;
  let a: ServerProcess;
  let b: ServerProcess;
  let v: Visitor;

  beforeAll(async () => {
    cpSync(SAMPLE_KNOWLEDGE, path.join(dir, 'knowledge'), { recursive: true });
    redis = await startRedis({ aof: true });
    const env = {
      REDIS_URL: redis.url,
      SERVER_SECRET: 'a-test-cluster-secret-of-32-characters',
      KNOWLEDGE_DIR: path.join(dir, 'knowledge'),
      REDIS_COMMAND_TIMEOUT_MS: '1000',
      SENTENCE_ENCODER: '0',
      RATE_LIMIT_DISABLED: '1',
    };
    [a, b] = await Promise.all([
      startServerProcess({ ...env, DATA_DIR: path.join(dir, 'a') }),
      startServerProcess({ ...env, DATA_DIR: path.join(dir, 'b') }),
    ]);
    v = await connectVisitor(a.url);
  }, 40_000);
  afterAll(async () => {
    v?.socket.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const send = (id: string, text: string) =>
    v.socket.timeout(8000).emitWithAck('message:send', { clientMessageId: id, text }) as Promise<
      { ok: true; message: Message } | { ok: false; error: { code: string } }
    >;

  it('signals a stopped Redis (a typed, retryable ack; /readyz 503 within a second), survives it, and recovers', async () => {
    expect((await send('f1', 'How do I start a return?')).ok).toBe(true);
    redis.pause();
    try {
      const during = await send('f2', 'How long does standard shipping take?');
      expect(during).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      for (const node of [a, b]) {
        const r = await ready(node.url);
        expect(r.status).toBe(503);
        expect(r.ms).toBeLessThan(1000);
      }
    } finally {
      redis.resume();
    }
    const t0 = performance.now();
    await eventually(async () => (await ready(a.url)).status === 200, 2000, 'ready again within 2 s');
    expect(performance.now() - t0).toBeLessThan(2000);
    // The widget resends with the same clientMessageId: stored once, answered once.
    const again = await send('f2', 'How long does standard shipping take?');
    expect(again.ok).toBe(true);
    await eventually(
      async () => {
        const back = await connectVisitor(b.url, { token: v.session.token });
        back.socket.close();
        const ms = back.session.messages;
        return ms.filter((m) => m.role === 'visitor').length === 2 && ms.filter((m) => m.role === 'bot').length === 2;
      },
      8000,
      'both questions answered once',
    );
    expect([a.child.exitCode, b.child.exitCode]).toEqual([null, null]);
  }, 40_000);

  it('keeps both nodes up through a kill -9 of Redis, and keeps every acked message through its AOF restart', async () => {
    const acked = await send('k1', 'Can I cancel my order?');
    expect(acked.ok).toBe(true);
    await redis.killAndRestart();
    await eventually(async () => (await ready(a.url)).status === 200, 8000, 'node A ready again');
    await eventually(async () => (await ready(b.url)).status === 200, 8000, 'node B ready again');
    expect([a.child.exitCode, b.child.exitCode]).toEqual([null, null]);
    const back = await connectVisitor(b.url, { token: v.session.token });
    back.socket.close();
    expect(back.session.messages.some((m) => m.clientMessageId === 'k1')).toBe(true);
    // What broke was logged and survived, never fatal.
    expect(a.output() + b.output()).not.toMatch(/answerdesk failed to start|exited/);
  }, 40_000);
});
