import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Message } from '../../src/protocol/dto';
import { eventually } from '../support/eventually';
import { FakeOpenAi } from '../support/fake-openai';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { login, SAMPLE_KNOWLEDGE, TEST_ADMIN } from '../support/test-app';
import { connectVisitor, type Visitor } from '../support/visitor-client';

const SLOW = { kind: 'stream' as const, deltas: Array.from({ length: 20 }, (_, i) => `part ${i} `), delayMs: 250 };
const FAST = { kind: 'stream' as const, deltas: ['Here is ', 'the answer [1].'] };

/** Counts per question: every acked question must end with exactly one answer replying to it. */
function answersPerQuestion(messages: Message[]): number[] {
  return messages
    .filter((m) => m.role === 'visitor')
    .map((q) => messages.filter((m) => m.role === 'bot' && m.replyTo === q.id).length);
}

describe('every acked question gets exactly one answer, through kill -9, restarts and SIGTERM', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-recovery-'));
  const upstream = new FakeOpenAi();
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    cpSync(SAMPLE_KNOWLEDGE, path.join(dir, 'knowledge'), { recursive: true });
    env = {
      DATA_DIR: path.join(dir, 'data'),
      KNOWLEDGE_DIR: path.join(dir, 'knowledge'),
      OPENAI_BASE_URL: await upstream.start(),
      LLM_TIMEOUT_MS: '20000',
      SENTENCE_ENCODER: '0',
      RATE_LIMIT_DISABLED: '1',
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
    };
  });
  afterEach(async () => {
    for (const v of visitors.splice(0)) v.socket.close();
    await server?.stop();
    server = undefined;
  });
  afterAll(async () => {
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function send(v: Visitor, id: string, text: string): Promise<Message> {
    const ack = await v.socket.timeout(5000).emitWithAck('message:send', { clientMessageId: id, text });
    expect(ack.ok).toBe(true);
    return ack.message;
  }

  it('answers both questions in order when the visitor comes back after a kill -9 mid-answer', async () => {
    upstream.always(SLOW);
    server = await startServerProcess(env);
    const v = await connectVisitor(server.url);
    visitors.push(v);
    const q1 = await send(v, 'k1', 'How do I start a return?');
    const q2 = await send(v, 'k2', 'How long does standard shipping take?');
    await eventually(() => upstream.requests.length >= 1, 5000, 'the first answer under way');
    server.child.kill('SIGKILL');
    await new Promise((r) => server!.child.once('exit', r));
    v.socket.close();

    upstream.always(FAST);
    server = await startServerProcess(env);
    const back = await connectVisitor(server.url, { token: v.session.token });
    visitors.push(back);
    const ends: Message[] = [];
    back.socket.on('answer:end', (p: { message: Message }) => ends.push(p.message));
    await eventually(() => ends.length === 2, 10_000, 'both answers after the restart');
    expect(ends.map((m) => m.replyTo)).toEqual([q1.id, q2.id]);
    expect(ends[0].text).toContain('Here is the answer');
    expect(answersPerQuestion(await fetchHistory(server.url, back))).toEqual([1, 1]);
  }, 60_000);

  it('answers a question left by a kill -9 when the node starts again, with nobody connected', async () => {
    upstream.always(SLOW);
    server = await startServerProcess(env);
    const v = await connectVisitor(server.url);
    visitors.push(v);
    await send(v, 'k3', 'Can I cancel my order?');
    await eventually(() => upstream.requests.length >= 1, 5000, 'the answer under way');
    const before = upstream.requests.length;
    server.child.kill('SIGKILL');
    await new Promise((r) => server!.child.once('exit', r));
    v.socket.close();

    server = await startServerProcess(env);
    // The visitor is not there: the answer is composed offline, at no cost, for their return.
    const token = await login(server.url);
    const transcript = async () =>
      (
        (await (
          await fetch(`${server!.url}/api/v1/conversations/${v.session.conversationId}`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).json()) as { messages: Message[] }
      ).messages;
    await eventually(
      async () => answersPerQuestion(await transcript()).every((n) => n === 1),
      15_000,
      'the answer stored after the restart',
    );
    expect(upstream.requests.length).toBe(before);
    expect(answersPerQuestion(await transcript())).toEqual([1]);
  }, 60_000);

  it('leaves what SIGTERM’s grace cannot finish for recovery, and answers each once after the restart', async () => {
    upstream.always(SLOW);
    server = await startServerProcess({ ...env, SHUTDOWN_GRACE_MS: '200' });
    const v = await connectVisitor(server.url);
    visitors.push(v);
    for (let i = 0; i < 3; i++)
      await send(v, `t${i}`, ['Where is my order?', 'Do you ship to Germany?', 'How do I reset my password?'][i]);
    await eventually(() => upstream.requests.length >= 1, 5000, 'the first answer under way');
    expect(await server.stop()).toBe(0);
    v.socket.close();

    upstream.always(FAST);
    server = await startServerProcess(env);
    const back = await connectVisitor(server.url, { token: v.session.token });
    visitors.push(back);
    await eventually(
      async () => answersPerQuestion(await fetchHistory(server!.url, back)).every((n) => n === 1),
      10_000,
      'every question answered once',
    );
    const messages = await fetchHistory(server.url, back);
    expect(answersPerQuestion(messages)).toEqual([1, 1, 1]);
  }, 60_000);
});

/** The conversation as the server has it now, read through a fresh session. */
async function fetchHistory(url: string, v: Visitor): Promise<Message[]> {
  const c = await connectVisitor(url, { token: v.session.token });
  c.socket.close();
  return c.session.messages;
}
