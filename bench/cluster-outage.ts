/**
 * Cross-node events through a 5 s Redis outage, for each Socket.IO adapter: a visitor's tab on
 * node A sends a message every 100 ms for 12 s, another tab of the same conversation on node B
 * counts the ones it is told of. History is in PostgreSQL, so sends keep being stored while
 * Redis is out; what is measured is the events between the nodes. Redis is stopped (SIGSTOP)
 * or killed for 5 s in the middle. Loopback only, bounded.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Message } from '../src/protocol/dto';
import { postgresAvailable, startPostgres } from '../test/support/postgres-server';
import { redisAvailable, startRedis } from '../test/support/redis-server';
import { startServerProcess } from '../test/support/server-process';
import { SAMPLE_KNOWLEDGE } from '../test/support/test-app';
import { connectVisitor } from '../test/support/visitor-client';
import { saveResult } from './lib/results';

const SENDS = 120;
const EVERY_MS = 100;
const OUTAGE_AT_MS = 3000;
const OUTAGE_MS = 5000;

async function measure(adapter: string, outage: 'stop' | 'kill'): Promise<{ acked: number; received: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-outage-'));
  const db = await startPostgres();
  const redis = await startRedis();
  cpSync(SAMPLE_KNOWLEDGE, path.join(dir, 'knowledge'), { recursive: true });
  const env = (name: string, url: string) => ({
    REDIS_URL: redis.url,
    DATABASE_URL: url,
    SOCKET_ADAPTER: adapter,
    SERVER_SECRET: 'a-bench-cluster-secret-of-32-characters',
    KNOWLEDGE_DIR: path.join(dir, 'knowledge'),
    DATA_DIR: path.join(dir, name),
    SENTENCE_ENCODER: '0',
    RATE_LIMIT_DISABLED: '1',
  });
  const url = await db.newDatabase();
  const [a, b] = [await startServerProcess(env('a', url)), await startServerProcess(env('b', url))];
  try {
    const sender = await connectVisitor(a.url);
    const watcher = await connectVisitor(b.url, {
      token: sender.session.token,
      conversationId: sender.session.conversationId,
    });
    const received = new Set<string>();
    watcher.socket.on('message:new', (p: { message: Message }) => {
      if (p.message.role === 'visitor') received.add(p.message.id);
    });
    let acked = 0;
    const acks: Promise<void>[] = [];
    const outageDone = (async () => {
      await new Promise((r) => setTimeout(r, OUTAGE_AT_MS));
      if (outage === 'stop') {
        redis.pause();
        await new Promise((r) => setTimeout(r, OUTAGE_MS));
        redis.resume();
      } else await redis.killAndRestart(OUTAGE_MS);
    })();
    for (let i = 0; i < SENDS; i++) {
      acks.push(
        sender.socket
          .timeout(15_000)
          .emitWithAck('message:send', { clientMessageId: `o${i}`, text: `message ${i}` })
          .then(
            (r: { ok: boolean }) => {
              if (r.ok) acked++;
            },
            () => undefined,
          ),
      );
      await new Promise((r) => setTimeout(r, EVERY_MS));
    }
    await Promise.all([...acks, outageDone]);
    await new Promise((r) => setTimeout(r, 3000));
    sender.socket.close();
    watcher.socket.close();
    return { acked, received: received.size };
  } finally {
    await Promise.all([a.stop(), b.stop()]);
    await redis.stop();
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!redisAvailable() || !postgresAvailable()) {
    console.log('needs redis-server and PostgreSQL');
    return;
  }
  const rows: { adapter: string; outage: string; acked: number; received: number; lost: number }[] = [];
  console.log('| adapter | outage (5 s) | acked on A | told to B | lost between nodes |');
  console.log('|---|---|---:|---:|---:|');
  for (const adapter of (process.env.BENCH_ADAPTERS ?? 'pubsub,sharded,streams').split(','))
    for (const outage of ['stop', 'kill'] as const) {
      const r = await measure(adapter, outage);
      const row = { adapter, outage, ...r, lost: r.acked - r.received };
      rows.push(row);
      console.log(
        `| ${adapter} | ${outage === 'stop' ? 'SIGSTOP' : 'kill -9, restart'} | ${r.acked} | ${r.received} | ${row.lost} |`,
      );
    }
  saveResult('cluster-outage', { rows });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
