import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Message } from '../../src/protocol/dto';
import { ChatClient } from '../../widget/src/chat-client';
import { memoryStore } from '../../widget/src/storage';
import { eventually } from '../support/eventually';
import { FakeOpenAi } from '../support/fake-openai';
import { freePort, redisAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { TcpBalancer } from '../support/tcp-balancer';
import { SAMPLE_KNOWLEDGE } from '../support/test-app';
import { connectVisitor } from '../support/visitor-client';

const run = redisAvailable() ? describe : describe.skip;

const QUESTIONS = [
  'How do I start a return?',
  'How long does standard shipping take?',
  'Can I cancel my order?',
  'How do I reset my password?',
  'Which payment methods do you accept?',
];

/**
 * The fault suite's load case: visitors on the widget's own client, through a balancer, onto two
 * nodes; one node is killed mid-answer and comes back. Counted at the end, per message sent:
 * lost (never stored), doubled (stored twice) and unanswered (no answer, or more than one).
 */
run('two nodes behind a balancer, one killed mid-answer', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-balanced-'));
  const upstream = new FakeOpenAi();
  let redis: RedisServer;
  let balancer: TcpBalancer;
  const nodes: ServerProcess[] = [];
  const envOf = (name: string) => ({
    REDIS_URL: redis.url,
    SERVER_SECRET: 'a-test-cluster-secret-of-32-characters',
    KNOWLEDGE_DIR: path.join(dir, name, 'knowledge'),
    DATA_DIR: path.join(dir, name, 'data'),
    OPENAI_BASE_URL: '',
    SENTENCE_ENCODER: '0',
    RATE_LIMIT_DISABLED: '1',
  });
  let env: Record<string, Record<string, string>>;
  let ports: number[];

  beforeAll(async () => {
    redis = await startRedis({ aof: true });
    const baseURL = await upstream.start();
    upstream.always({ kind: 'stream', deltas: Array.from({ length: 8 }, (_, i) => `part ${i} `), delayMs: 80 });
    ports = [await freePort(), await freePort()];
    env = {};
    for (const name of ['a', 'b']) {
      cpSync(SAMPLE_KNOWLEDGE, path.join(dir, name, 'knowledge'), { recursive: true });
      env[name] = { ...envOf(name), OPENAI_BASE_URL: baseURL };
    }
    nodes.push(
      await startServerProcess(env.a, { port: ports[0] }),
      await startServerProcess(env.b, { port: ports[1] }),
    );
    balancer = new TcpBalancer(ports);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await balancer?.stop();
    await redis?.stop();
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('loses, doubles and leaves unanswered nothing', async () => {
    const url = `http://127.0.0.1:${await balancer.start()}`;
    const locals = Array.from({ length: 4 }, () => memoryStore());
    const clients = locals.map(
      (local) => new ChatClient({ serverUrl: url, local, session: memoryStore(), ackTimeoutMs: 3000 }),
    );
    for (const c of clients) c.connect();
    await eventually(() => clients.every((c) => c.status === 'online'), 10_000, 'every visitor online');
    const sending = (async () => {
      for (const q of QUESTIONS) {
        for (const c of clients) c.send(q);
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    // Mid-answer, node A dies; it comes back on the same port and data a little later.
    await new Promise((r) => setTimeout(r, 700));
    nodes[0].child.kill('SIGKILL');
    await new Promise((r) => nodes[0].child.once('exit', r));
    await sending;
    nodes[0] = await startServerProcess(env.a, { port: ports[0] });

    // Everything sent was acked in the end (the outbox is empty) and every answer arrived.
    await eventually(() => clients.every((c) => c.outbox.all().length === 0), 30_000, 'every message acked');
    const transcripts = async () =>
      Promise.all(
        locals.map(async (local) => {
          const v = await connectVisitor(url, { token: local.get('token') });
          v.socket.close();
          return v.session.messages;
        }),
      );
    const counts = (all: Message[][]) => {
      let lost = 0;
      let doubled = 0;
      let unanswered = 0;
      for (const messages of all) {
        const asked = messages.filter((m) => m.role === 'visitor');
        for (const q of QUESTIONS) {
          const stored = asked.filter((m) => m.text === q);
          if (stored.length === 0) lost++;
          if (stored.length > 1) doubled++;
          for (const s of stored)
            if (messages.filter((m) => m.role === 'bot' && m.replyTo === s.id).length !== 1) unanswered++;
        }
      }
      return { lost, doubled, unanswered };
    };
    await eventually(
      async () => {
        const c = counts(await transcripts());
        return c.lost === 0 && c.doubled === 0 && c.unanswered === 0;
      },
      30_000,
      'nothing lost, doubled or unanswered',
    ).catch(async (err) => {
      throw new Error(`${err}: ${JSON.stringify(counts(await transcripts()))}`);
    });
    expect(counts(await transcripts())).toEqual({ lost: 0, doubled: 0, unanswered: 0 });
    for (const c of clients) c.destroy();
  }, 120_000);
});
