import { FakeOpenAi } from '../support/fake-openai';
import { eventually } from '../support/eventually';
import { api } from '../support/agent-client';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';

const QUESTIONS = [
  'How do I start a return?',
  'How long does standard shipping take?',
  'How do I reset my password?',
  'Can I cancel my order?',
  'My bulb won’t connect to Wi-Fi',
  'Which payment methods do you accept?',
];

const metric = async (url: string, line: RegExp) =>
  Number(line.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);

/** What an LLM may cost: max_tokens, a global concurrency limit with a bounded queue, visitors who left, daily budgets. */
describe('LLM spend limits', () => {
  let upstream: FakeOpenAi;
  let t: TestApp;
  beforeAll(async () => {
    upstream = new FakeOpenAi();
    t = await startTestApp({
      env: {
        OPENAI_BASE_URL: await upstream.start(),
        LLM_MAX_TOKENS: '321',
        LLM_CONCURRENCY: '2',
        LLM_QUEUE_MS: '400',
        LLM_VISITOR_DAILY_TOKENS: '1500',
        VISITOR_GONE_MS: '0',
        RATE_LIMIT_DISABLED: '1',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await upstream.stop();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
    upstream.maxConcurrent = 0;
  });

  it('caps each answer with max_tokens and asks for its usage', async () => {
    upstream.always({ kind: 'stream', deltas: ['Start it from your orders [1].'] });
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, QUESTIONS[0]);
    expect(r.end.text).toContain('Start it from your orders');
    expect(upstream.requests[0].body).toMatchObject({ max_tokens: 321, stream_options: { include_usage: true } });
    expect(await metric(t.url, /answerdesk_llm_tokens_total\{kind="prompt"\} (\d+)/)).toBeGreaterThanOrEqual(1000);
    v.socket.close();
  });

  it('runs no more upstream calls at once than LLM_CONCURRENCY, and answers offline past the queue’s wait', async () => {
    upstream.always({ kind: 'stream', deltas: ['One', ' moment', ' please [1].'], delayMs: 250 });
    const busyBefore = await metric(t.url, /answerdesk_llm_fallbacks_total\{reason="busy"\} (\d+)/);
    const okBefore = await metric(t.url, /answerdesk_llm_upstream_seconds_count\{outcome="ok"\} (\d+)/);
    const waitedBefore = await metric(t.url, /answerdesk_llm_queue_wait_seconds_count (\d+)/);
    const visitors = await Promise.all(QUESTIONS.map(() => connectVisitor(t.url)));
    const answers = await Promise.all(visitors.map((v, i) => ask(v.socket, QUESTIONS[i], undefined, 15_000)));
    expect(upstream.maxConcurrent).toBe(2);
    const fromModel = answers.filter((a) => a.end.text.includes('One moment please'));
    expect(fromModel.length).toBeGreaterThanOrEqual(2);
    expect(fromModel.length).toBeLessThan(6);
    // Everyone got an answer: the ones that waited too long, the offline one.
    for (const a of answers) expect(a.end.answered).toBe(true);
    expect((await metric(t.url, /answerdesk_llm_fallbacks_total\{reason="busy"\} (\d+)/)) - busyBefore).toBe(
      6 - fromModel.length,
    );
    // Every upstream call is timed by outcome; every answer that asked for a slot and got one is in the queue's figures.
    expect((await metric(t.url, /answerdesk_llm_upstream_seconds_count\{outcome="ok"\} (\d+)/)) - okBefore).toBe(
      fromModel.length,
    );
    expect((await metric(t.url, /answerdesk_llm_queue_wait_seconds_count (\d+)/)) - waitedBefore).toBe(
      fromModel.length,
    );
    expect(await metric(t.url, /answerdesk_llm_queue_depth (\d+)/)).toBe(0);
    expect(await metric(t.url, /answerdesk_llm_in_flight (\d+)/)).toBe(0);
    for (const v of visitors) v.socket.close();
  });

  it('spends nothing on the queued questions of a visitor who left', async () => {
    upstream.always({ kind: 'stream', deltas: ['Answer', ' from', ' the model [1].'], delayMs: 200 });
    const v = await connectVisitor(t.url);
    for (const [i, q] of QUESTIONS.slice(0, 4).entries())
      v.socket.emit('message:send', { clientMessageId: `gone-${i}`, text: q }, () => undefined);
    await eventually(() => upstream.requests.length === 1, 3000, 'the first answer under way');
    v.socket.close();
    const conversationId = v.session.conversationId;
    await eventually(
      async () => (await t.history.listMessages(conversationId)).filter((m) => m.role === 'bot').length === 4,
      10_000,
      'every question answered',
    );
    // The first was already being written; the three queued behind it got the offline answer.
    expect(upstream.requests).toHaveLength(1);
    expect(await metric(t.url, /answerdesk_llm_fallbacks_total\{reason="visitor_gone"\} (\d+)/)).toBe(3);
  });

  it('answers a visitor offline once their daily budget is spent, and shows the spend to agents', async () => {
    upstream.always({ kind: 'stream', deltas: ['From the model [1].'] });
    const spender = await connectVisitor(t.url);
    const first = await ask(spender.socket, QUESTIONS[1]);
    const second = await ask(spender.socket, QUESTIONS[2]);
    const third = await ask(spender.socket, QUESTIONS[3]);
    // 1,000 prompt tokens each by the upstream's count: the third is past the visitor's 1,500.
    expect([first, second, third].map((a) => a.end.text.includes('From the model'))).toEqual([true, true, false]);
    expect(third.end.answered).toBe(true);
    const other = await connectVisitor(t.url);
    expect((await ask(other.socket, QUESTIONS[4])).end.text).toContain('From the model');
    const usage = (await api(t.url, await login(t.url)).get('/stats/llm')).json;
    expect(usage).toMatchObject({ enabled: true, dailyTokens: 0, refused: { budget: 1 } });
    expect(usage.tokens).toBeGreaterThan(4000);
    spender.socket.close();
    other.socket.close();
  });
});

describe('a global daily budget', () => {
  let upstream: FakeOpenAi;
  let t: TestApp;
  beforeAll(async () => {
    upstream = new FakeOpenAi();
    upstream.always({ kind: 'stream', deltas: ['From the model [1].'] });
    t = await startTestApp({ env: { OPENAI_BASE_URL: await upstream.start(), LLM_DAILY_TOKENS: '1500' } });
  });
  afterAll(async () => {
    await t.close();
    await upstream.stop();
  });

  it('answers everyone offline once the day’s tokens are spent', async () => {
    const texts: string[] = [];
    for (const q of QUESTIONS.slice(0, 3)) {
      const v = await connectVisitor(t.url);
      texts.push((await ask(v.socket, q)).end.text);
      v.socket.close();
    }
    expect(texts.map((x) => x.includes('From the model'))).toEqual([true, true, false]);
    const usage = (await api(t.url, await login(t.url)).get('/stats/llm')).json;
    expect(usage).toMatchObject({ dailyTokens: 1500, refused: { budget: 1 } });
  });
});
