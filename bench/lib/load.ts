/**
 * The load the latency and profile benchmarks put on a server: real Socket.IO clients asking the
 * Arduino dev set's keyword questions, one at a time per visitor with think time, each answer
 * timed from the question to its first delta and to its end, and checked for loss or doubling.
 * Also the servers under test, each in its own process (see bench-process.ts).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import type { Behaviour } from '../../test/support/fake-openai';
import type { RedisServer } from '../../test/support/redis-server';
import { startChild, type BenchChild } from './child';
import { ARDUINO_CORPUS } from './corpus';

/**
 * Between a visitor's questions: reading the answer and typing the next one. Two to six seconds
 * is a fast reader; the saturation run has none, to find the most answers a second.
 */
export const THINK_MS: [number, number] = [2000, 6000];

/** Tokens in every answer the fake upstream streams. */
export const TOKENS = 30;

/** The fake upstream's answer: TOKENS tokens, the first after `firstMs`, then one every `perTokenMs`. */
export function streamedAnswer(firstMs: number, perTokenMs: number): Behaviour {
  return {
    kind: 'stream',
    deltas: Array.from({ length: TOKENS }, (_, i) => `tok${i} `),
    delayMs: perTokenMs,
    firstDelayMs: firstMs,
  };
}

export interface Sample {
  ttftMs: number;
  totalMs: number;
}
export interface Run {
  samples: Sample[];
  lost: number;
  doubled: number;
  wallMs: number;
  /** CPU this process (the load generator) spent on the run: its share of the same two cores. */
  clientCpuMs: number;
}
export type ServerKind = 'floor' | 'sqlite' | 'redis' | 'offline';

const questions = (
  JSON.parse(readFileSync(path.join(__dirname, '..', 'eval', 'arduino-dev.json'), 'utf8')) as {
    questions: { kind: string; question: string }[];
  }
).questions
  .filter((q) => q.kind === 'keyword')
  .map((q) => q.question);

/** One visitor's connection, asking and timing one question at a time. */
export interface Asker {
  ask(text: string): Promise<Sample & { ends: number }>;
  close(): void;
}

async function connect(url: string, namespace: string, ready: string): Promise<Socket> {
  const socket: Socket = io(`${url}${namespace}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once(ready, () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Times one answer: first delta, end, and whether a second end arrives for the same answer. */
function timeAnswer(
  socket: Socket,
  events: { delta: string; end: string },
  mine: (p: Record<string, unknown>, phase: 'delta' | 'end') => boolean,
  send: () => void,
): Promise<Sample & { ends: number }> {
  return new Promise((resolve) => {
    const started = performance.now();
    let ttft = 0;
    let ends = 0;
    const onDelta = (p: Record<string, unknown>) => {
      if (!ttft && mine(p, 'delta')) ttft = performance.now() - started;
    };
    const onEnd = (p: Record<string, unknown>) => {
      if (!mine(p, 'end')) return;
      ends++;
      if (ends > 1) return;
      const total = performance.now() - started;
      // Wait a moment for a (wrong) second end before reporting.
      setTimeout(() => {
        socket.off(events.delta, onDelta).off(events.end, onEnd);
        resolve({ ttftMs: ttft || total, totalMs: total, ends });
      }, 5);
    };
    socket.on(events.delta, onDelta).on(events.end, onEnd);
    send();
  });
}

export async function answerdeskAsker(url: string): Promise<Asker> {
  const socket = await connect(url, '/visitor', 'session');
  let n = 0;
  return {
    ask(text) {
      let id = '';
      const onStart = (p: { messageId: string }) => (id ||= p.messageId);
      socket.on('answer:start', onStart);
      return timeAnswer(
        socket,
        { delta: 'answer:delta', end: 'answer:end' },
        (p, phase) => {
          const pid = phase === 'delta' ? (p.messageId as string) : (p.message as { id: string }).id;
          return !id || pid === id;
        },
        () =>
          socket.emit(
            'message:send',
            { clientMessageId: `q${n++}-${Math.random().toString(36).slice(2)}`, text },
            () => undefined,
          ),
      ).finally(() => socket.off('answer:start', onStart));
    },
    close: () => socket.close(),
  };
}

export async function floorAsker(url: string): Promise<Asker> {
  const socket = await connect(url, '/floor', 'connect');
  let n = 0;
  return {
    ask(text) {
      const id = `f${n++}`;
      return timeAnswer(
        socket,
        { delta: 'delta', end: 'end' },
        (p) => p.id === id,
        () => socket.emit('ask', { id, text }),
      );
    },
    close: () => socket.close(),
  };
}

export async function run(
  makeAsker: () => Promise<Asker>,
  visitors: number,
  perVisitor: number,
  thinkMs: [number, number],
): Promise<Run> {
  const samples: Sample[] = [];
  let lost = 0;
  let doubled = 0;
  const askers: Asker[] = [];
  // Connect in batches, as a crowd arrives, not as one burst of handshakes.
  for (let i = 0; i < visitors; i += 200)
    askers.push(...(await Promise.all(Array.from({ length: Math.min(200, visitors - i) }, makeAsker))));
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    askers.map(async (a, v) => {
      // Visitors start spread over the think time, not all in the same millisecond.
      if (thinkMs[1] > 0) await sleep(Math.random() * thinkMs[1]);
      for (let i = 0; i < perVisitor; i++) {
        const s = await Promise.race([a.ask(questions[(v + i) % questions.length]), sleep(60_000).then(() => null)]);
        if (!s || s.ends === 0) lost++;
        else {
          if (s.ends > 1) doubled++;
          samples.push({ ttftMs: s.ttftMs, totalMs: s.totalMs });
        }
        if (thinkMs[1] > 0) await sleep(thinkMs[0] + Math.random() * (thinkMs[1] - thinkMs[0]));
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  askers.forEach((a) => a.close());
  return { samples, lost, doubled, wallMs, clientCpuMs: (cpu.user + cpu.system) / 1000 };
}

/**
 * How Answerdesk reaches the bench's OpenAI-format upstream: the OpenAI-compatible provider, or
 * with BENCH_LLM=langchain LangChain's Azure OpenAI chat model (the same wire format under Azure's
 * paths), to measure what LangChain adds.
 */
function llmEnv(upstreamUrl: string): Record<string, string> {
  if (process.env.BENCH_LLM === 'langchain')
    return {
      LLM_PROVIDER: 'langchain:azure:bench',
      LLM_BASE_URL: upstreamUrl.replace(/\/v1\/?$/, ''),
      LLM_API_KEY: 'not-needed',
    };
  return { OPENAI_BASE_URL: upstreamUrl, OPENAI_API_KEY: 'not-needed' };
}

/**
 * A server under test in its own process; Answerdesk gets a fresh DATA_DIR under `dir` and any
 * `BENCH_SERVER_ENV` settings.
 */
export async function startServer(
  kind: ServerKind,
  upstreamUrl: string,
  redis: RedisServer | undefined,
  dir: string,
): Promise<BenchChild> {
  if (kind === 'floor') return startChild('floor', { OPENAI_BASE_URL: upstreamUrl });
  const dataDir = mkdtempSync(path.join(dir, `${kind}-`));
  return startChild('answerdesk', {
    KNOWLEDGE_DIR: ARDUINO_CORPUS,
    DATA_DIR: dataDir,
    RATE_LIMIT_DISABLED: '1',
    DEMO_PAGE: '0',
    ADMIN_EMAIL: 'bench@example.com',
    ADMIN_PASSWORD: 'benchmark-password',
    ...(kind === 'offline' ? {} : llmEnv(upstreamUrl)),
    ...(kind === 'redis' ? { REDIS_URL: redis!.url, SERVER_SECRET: 'a-bench-cluster-secret-of-32-characters' } : {}),
    ...Object.fromEntries(
      (process.env.BENCH_SERVER_ENV ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((kv) => kv.split(/=(.*)/s).slice(0, 2)),
    ),
  });
}
