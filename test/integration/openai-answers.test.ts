import { FakeOpenAi } from '../support/fake-openai';
import { startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';

/**
 * The LLM path end to end: real server, real socket.io client, the official openai SDK, and a
 * local upstream that speaks the chat-completions SSE wire format (and fails in the ways real
 * ones do).
 */
describe('answers from an OpenAI-compatible upstream', () => {
  const upstream = new FakeOpenAi();
  let t: TestApp;
  beforeAll(async () => {
    const baseURL = await upstream.start();
    t = await startTestApp({
      env: {
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: baseURL,
        OPENAI_MODEL: 'nimbus-test-model',
        PRODUCT_NAME: 'Nimbus Home',
        LLM_TIMEOUT_MS: '1500',
        LLM_STALL_MS: '400',
        LLM_MAX_RETRIES: '1',
        LLM_HISTORY_TOKENS: '60',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await upstream.stop();
  });
  beforeEach(() => {
    upstream.requests.length = 0;
    upstream.always({
      kind: 'stream',
      deltas: ['Open **Forgot password?**', ' on the sign-in page', ' and follow the email [1].'],
      delayMs: 10,
    });
  });

  it('streams the model’s tokens to the visitor and stores the grounded, cited answer', async () => {
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How do I reset my password?');
    expect(r.deltas).toEqual(['Open **Forgot password?**', ' on the sign-in page', ' and follow the email [1].']);
    expect(r.end.text).toBe('Open **Forgot password?** on the sign-in page and follow the email [1].');
    expect(r.end.answered).toBe(true);
    expect(r.end.sources).toHaveLength(1);
    expect(r.end.sources![0].path).toBe('account/reset-your-password.md');
    expect(r.end.latency!.firstTokenMs).toBeGreaterThan(r.end.latency!.retrievalMs);
    expect(r.end.latency!.totalMs).toBeGreaterThan(r.end.latency!.firstTokenMs);
    v.socket.close();
  });

  it('sends a grounded prompt: instructions, numbered sources from the knowledge base, and the question', async () => {
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'How do I reset my password?');
    const { body, headers } = upstream.requests[0];
    expect(headers.authorization).toBe('Bearer sk-test');
    expect(body.model).toBe('nimbus-test-model');
    expect(body.stream).toBe(true);
    const system = body.messages[0];
    expect(system.role).toBe('system');
    expect(system.content).toContain('Nimbus Home');
    expect(system.content).toMatch(/ONLY the numbered sources/);
    expect(system.content).toMatch(/<source-[0-9a-f]+ n="1" title="Reset your password">/);
    expect(system.content).toContain('Forgot password?');
    expect(body.messages[body.messages.length - 1]).toEqual({ role: 'user', content: 'How do I reset my password?' });
    v.socket.close();
  });

  it('includes recent turns in the prompt, newest first within the token budget', async () => {
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'How do I reset my password? '.repeat(12)); // ~84 tokens: over the 60-token budget
    await ask(v.socket, 'What payment methods do you accept?');
    await ask(v.socket, 'Is PayPal accepted for refunds?');
    const last = upstream.requests[upstream.requests.length - 1].body.messages;
    const turns = last.slice(1, -1);
    expect(turns.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(turns[0].content).toBe('What payment methods do you accept?');
    expect(last.some((m) => m.content.includes('How do I reset my password? How do I'))).toBe(false);
    v.socket.close();
  });

  it('rewrites a follow-up that finds nothing on its own into a standalone question, and retrieves with it', async () => {
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'Tell me about the Nimbus Plus subscription');
    const before = upstream.requests.length;
    upstream.enqueue(
      { kind: 'stream', deltas: ['What does the Nimbus Plus ', 'subscription cost per month?'] },
      { kind: 'stream', deltas: ['It costs $3.99 a month [1].'] },
    );
    const r = await ask(v.socket, 'and how much is it?');
    const rewrite = upstream.requests[before].body;
    expect(rewrite.messages[0].content).toMatch(/^Rewrite the customer's last question/);
    expect(rewrite.messages[1].content).toContain('Customer: Tell me about the Nimbus Plus subscription');
    expect(rewrite.messages[1].content).toContain('Last question: and how much is it?');
    expect(r.end.sources![0].path).toBe('billing/nimbus-plus-subscription.md');
    expect(r.end.text).toBe('It costs $3.99 a month [1].');
    v.socket.close();
  });

  it('falls back to searching with the previous question when the rewrite fails', async () => {
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'Tell me about the Nimbus Plus subscription');
    upstream.enqueue({ kind: 'status', status: 500 }, { kind: 'stream', deltas: ['It costs $3.99 a month [1].'] });
    const r = await ask(v.socket, 'and how much is it?');
    expect(r.end.sources![0].path).toBe('billing/nimbus-plus-subscription.md');
    expect(r.end.answered).toBe(true);
    v.socket.close();
  });

  it('streams citations with their final numbers: what the visitor saw is what is stored, [n] being sources[n-1]', async () => {
    upstream.always({ kind: 'stream', deltas: ['See the second source [', '2], then the first [1', '] and [2].'] });
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How do I reset my password or unlock my account?');
    expect(r.deltas.join('')).toBe('See the second source [1], then the first [2] and [1].');
    expect(r.end.text).toBe(r.deltas.join(''));
    expect(r.end.sources).toHaveLength(2);
    expect(new Set(r.end.sources!.map((x) => `${x.path}#${x.heading}`)).size).toBe(2);
    v.socket.close();
  });

  it('retries once after a 429 with Retry-After, then streams the model’s answer', async () => {
    upstream.enqueue({
      kind: 'status',
      status: 429,
      headers: { 'retry-after-ms': '50' },
      body: { error: { message: 'slow down', type: 'rate_limit' } },
    });
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How do I reset my password?');
    expect(upstream.requests).toHaveLength(2);
    expect(r.end.text).toContain('follow the email');
    v.socket.close();
  });

  it.each([
    [
      'a rate limit that outlasts the retries',
      { kind: 'status', status: 429, headers: { 'retry-after-ms': '10' } },
      ['rate_limited'],
    ],
    ['repeated server errors', { kind: 'status', status: 500, headers: { 'retry-after-ms': '10' } }, ['error']],
    ['a stall before the first token', { kind: 'stall' }, ['stall']],
    // Depending on when the drop reaches the SDK it either throws ("terminated") or waits for a
    // clean end that never comes, and then the stall clock gives up: either way, one fallback.
    ['a connection dropped before any token', { kind: 'drop', deltas: [] }, ['stall', 'error']],
  ] as const)(
    'falls back to the offline answer on %s, with no stack trace shown',
    async (_what, behaviour, reasons) => {
      upstream.always(behaviour as never);
      const before = await t.app.metrics.text();
      const v = await connectVisitor(t.url);
      const started = Date.now();
      const r = await ask(v.socket, 'How do I reset my password?');
      expect(Date.now() - started).toBeLessThan(2500); // the configured limit is 1.5 s
      expect(r.end.answered).toBe(true);
      expect(r.end.text).toMatch(/^Here is what our help article \*\*Reset your password\*\*/);
      expect(r.end.text).toContain('Forgot password?');
      expect(r.end.text).not.toMatch(/Error|at \w+ \(|upstream/);
      expect(r.end.sources![0].path).toBe('account/reset-your-password.md');
      const after = await t.app.metrics.text();
      const fallbacks = (text: string) => reasons.reduce((sum, reason) => sum + counter(text, reason), 0);
      expect(fallbacks(after) - fallbacks(before)).toBe(1);
      v.socket.close();
    },
  );

  it('replaces a half-streamed answer with the offline one when the upstream stalls mid-answer', async () => {
    upstream.always({ kind: 'stall', deltas: ['Open the app and'] });
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How do I reset my password?');
    expect(r.deltas[0]).toBe('Open the app and');
    expect(r.end.text).not.toContain('Open the app and');
    expect(r.end.text).toContain('Forgot password?');
    const stored = await t.history.getMessage(r.end.id);
    expect(stored!.text).toBe(r.end.text);
    v.socket.close();
  });

  it('bounds a slow but steady upstream by the total time limit', async () => {
    upstream.always({ kind: 'stream', deltas: Array.from({ length: 40 }, (_, i) => `w${i} `), delayMs: 100 });
    const v = await connectVisitor(t.url);
    const started = Date.now();
    const r = await ask(v.socket, 'How do I reset my password?');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(r.deltas.length).toBeGreaterThan(3);
    expect(r.end.text).toContain('Forgot password?');
    v.socket.close();
  });

  it('does not call the model when the knowledge base has nothing relevant', async () => {
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'Who won the football world cup in 1998?');
    expect(r.end.answered).toBe(false);
    expect(upstream.requests).toHaveLength(0);
    v.socket.close();
  });
});

function counter(metrics: string, reason: string): number {
  const m = new RegExp(`answerdesk_llm_fallbacks_total\\{reason="${reason}"\\} (\\d+)`).exec(metrics);
  return m ? Number(m[1]) : 0;
}
