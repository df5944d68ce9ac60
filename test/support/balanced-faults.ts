import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Message } from '../../src/protocol/dto';
import { ChatClient } from '../../widget/src/chat-client';
import { memoryStore } from '../../widget/src/storage';
import { eventually } from './eventually';
import { FakeOpenAi } from './fake-openai';
import { freePort, startRedis } from './redis-server';
import { startServerProcess, type ServerProcess } from './server-process';
import { TcpBalancer } from './tcp-balancer';
import { SAMPLE_KNOWLEDGE } from './test-app';
import { connectVisitor } from './visitor-client';

const QUESTIONS = [
  'How do I start a return?',
  'How long does standard shipping take?',
  'Can I cancel my order?',
  'How do I reset my password?',
  'Which payment methods do you accept?',
  'Do you ship to Germany?',
  'My bulb won’t connect to Wi-Fi',
  'How do I track my package?',
  'Where is my order?',
  'Can I change my delivery address?',
];

export interface FaultCounts {
  /** Messages the visitors' widgets sent. */
  sent: number;
  /** Sent but never stored. */
  lost: number;
  /** Stored more than once. */
  doubled: number;
  /** Stored with no answer, or with more than one. */
  unanswered: number;
  /** From the last restart until every message was acked and every count settled. */
  settleMs: number;
}

/**
 * Visitors on the widget's own client, through a TCP balancer, onto two nodes sharing Redis; a
 * node is killed mid-answer `kills` times (alternating, each back a second later). Every
 * message's fate is counted once the system has settled (or `settleTimeoutMs` has passed).
 * Loopback only, bounded in count and time.
 */
export async function runBalancedFaults(opts: {
  visitors: number;
  questions: number;
  kills: number;
  settleTimeoutMs?: number;
}): Promise<FaultCounts> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-balanced-'));
  const upstream = new FakeOpenAi();
  const redis = await startRedis({ aof: true });
  const ports = [await freePort(), await freePort()];
  const env = (name: string, baseURL: string) => {
    cpSync(SAMPLE_KNOWLEDGE, path.join(dir, name, 'knowledge'), { recursive: true, force: false });
    return {
      REDIS_URL: redis.url,
      SERVER_SECRET: 'a-test-cluster-secret-of-32-characters',
      KNOWLEDGE_DIR: path.join(dir, name, 'knowledge'),
      DATA_DIR: path.join(dir, name, 'data'),
      OPENAI_BASE_URL: baseURL,
      SENTENCE_ENCODER: '0',
      RATE_LIMIT_DISABLED: '1',
    };
  };
  const nodes: ServerProcess[] = [];
  const balancer = new TcpBalancer(ports);
  const clients: ChatClient[] = [];
  try {
    const baseURL = await upstream.start();
    upstream.always({ kind: 'stream', deltas: Array.from({ length: 8 }, (_, i) => `part ${i} `), delayMs: 80 });
    const envs = [env('a', baseURL), env('b', baseURL)];
    nodes.push(
      await startServerProcess(envs[0], { port: ports[0] }),
      await startServerProcess(envs[1], { port: ports[1] }),
    );
    const url = `http://127.0.0.1:${await balancer.start()}`;
    const locals = Array.from({ length: opts.visitors }, () => memoryStore());
    for (const local of locals) {
      const c = new ChatClient({ serverUrl: url, local, session: memoryStore(), ackTimeoutMs: 3000 });
      clients.push(c);
      c.connect();
    }
    await eventually(() => clients.every((c) => c.status === 'online'), 15_000, 'every visitor online');
    const questions = QUESTIONS.slice(0, opts.questions);
    const sending = (async () => {
      for (const q of questions) {
        for (const c of clients) c.send(q);
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    const spacing = (questions.length * 300) / (opts.kills + 1);
    for (let k = 0; k < opts.kills; k++) {
      await new Promise((r) => setTimeout(r, spacing));
      const i = k % 2;
      nodes[i].child.kill('SIGKILL');
      await new Promise((r) => nodes[i].child.once('exit', r));
      await new Promise((r) => setTimeout(r, 1000));
      nodes[i] = await startServerProcess(envs[i], { port: ports[i] });
    }
    await sending;
    const settled = performance.now();
    const transcripts = () =>
      Promise.all(
        locals.map(async (local) => {
          const v = await connectVisitor(url, { token: local.get('token') });
          v.socket.close();
          return v.session.messages;
        }),
      );
    const count = (all: Message[][]) => {
      const c = { lost: 0, doubled: 0, unanswered: 0 };
      for (const messages of all)
        for (const q of questions) {
          const stored = messages.filter((m) => m.role === 'visitor' && m.text === q);
          if (stored.length === 0) c.lost++;
          if (stored.length > 1) c.doubled++;
          for (const s of stored)
            if (messages.filter((m) => m.role === 'bot' && m.replyTo === s.id).length !== 1) c.unanswered++;
        }
      return c;
    };
    let counts = { lost: -1, doubled: -1, unanswered: -1 };
    await eventually(
      async () => {
        if (clients.some((c) => c.outbox.all().length > 0)) return false;
        counts = count(await transcripts());
        return counts.lost === 0 && counts.doubled === 0 && counts.unanswered === 0;
      },
      opts.settleTimeoutMs ?? 45_000,
      'settled',
    ).catch(async () => {
      counts = count(await transcripts());
    });
    return { sent: opts.visitors * questions.length, ...counts, settleMs: Math.round(performance.now() - settled) };
  } finally {
    for (const c of clients) c.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
    await balancer.stop();
    await redis.stop();
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
