import { FakeChatUpstream, type WireFormat } from '../support/fake-chat-upstreams';
import { FakeOpenAi } from '../support/fake-openai';

// Bedrock signs its requests: test credentials, so the AWS SDK never looks further (no instance metadata).
process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
import { startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';

/** The prompt a fake upstream received, as text, whatever its provider's format. */
function promptText(format: WireFormat, body: any): string {
  if (format === 'anthropic') return `${JSON.stringify(body.system)} ${JSON.stringify(body.messages)}`;
  if (format === 'google') return `${JSON.stringify(body.systemInstruction)} ${JSON.stringify(body.contents)}`;
  if (format === 'bedrock') return `${JSON.stringify(body.system)} ${JSON.stringify(body.messages)}`;
  return JSON.stringify(body.messages);
}

/**
 * LLM_PROVIDER=langchain:<provider>:<model>, end to end: real server and socket.io client, the
 * real LangChain chat model and its provider's SDK, and a local upstream speaking that
 * provider's own wire format. Streaming, citations, time-outs and the offline fallback are the
 * OpenAI-compatible provider's.
 */
describe.each([
  ['ollama', 'llama3.1'],
  ['anthropic', 'claude-test'],
  ['google', 'gemini-test'],
  ['bedrock', 'anthropic.claude-test-v1:0'],
] as const)('answers through LangChain: %s', (format, model) => {
  const upstream = new FakeChatUpstream(format);
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        LLM_PROVIDER: `langchain:${format}:${model}`,
        LLM_BASE_URL: await upstream.start(),
        LLM_API_KEY: 'test-key',
        LLM_TIMEOUT_MS: '1500',
        LLM_STALL_MS: '400',
        LLM_MAX_RETRIES: '0',
        LLM_REGION: 'us-east-1',
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
    upstream.behaviour = {
      kind: 'stream',
      deltas: ['Open **Forgot password?**', ' on the sign-in page', ' and follow the email [1].'],
      delayMs: 10,
    };
  });

  it('streams the model’s tokens and stores the grounded, cited answer', async () => {
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How do I reset my password?');
    expect(r.deltas.join('')).toBe('Open **Forgot password?** on the sign-in page and follow the email [1].');
    expect(r.deltas.length).toBeGreaterThan(1);
    expect(r.end).toMatchObject({ answered: true, text: r.deltas.join('') });
    expect(r.end.sources![0].path).toBe('account/reset-your-password.md');
    expect(r.end.latency!.firstTokenMs).toBeGreaterThan(r.end.latency!.retrievalMs);
    // The grounded prompt, in the provider's own format: instructions, the numbered source, the question.
    const sent = promptText(format, upstream.requests[0].body);
    expect(sent).toContain('Answer the customer using ONLY the numbered sources');
    expect(sent).toContain('Forgot password?');
    expect(sent).toContain('How do I reset my password?');
    v.socket.close();
  });

  it.each([
    ['a rate limit', { kind: 'rate_limited' }, 'rate_limited'],
    ['a server error', { kind: 'error' }, 'error'],
    ['a stall before the first token', { kind: 'stall', first: '' }, 'stall'],
  ] as const)('falls back to the offline answer on %s', async (_what, behaviour, reason) => {
    upstream.behaviour = behaviour;
    const before = counter(await t.app.metrics.text(), reason);
    const v = await connectVisitor(t.url);
    const started = Date.now();
    const r = await ask(v.socket, 'How do I reset my password?');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(r.end.text).toMatch(/^Here is what our help article \*\*Reset your password\*\*/);
    expect(r.end.text).not.toMatch(/Error|at \w+ \(|upstream/);
    expect(counter(await t.app.metrics.text(), reason) - before).toBe(1);
    v.socket.close();
  });

  it('replaces a half-streamed answer with the offline one when the upstream stalls mid-answer', async () => {
    upstream.behaviour = { kind: 'stall', first: 'Open the app and' };
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How do I reset my password?');
    expect(r.deltas[0]).toBe('Open the app and');
    expect(r.end.text).not.toContain('Open the app and');
    expect(r.end.text).toContain('Forgot password?');
    v.socket.close();
  });
});

function counter(metrics: string, reason: string): number {
  const m = new RegExp(`answerdesk_llm_fallbacks_total\\{reason="${reason}"\\} (\\d+)`).exec(metrics);
  return m ? Number(m[1]) : 0;
}

/** Azure OpenAI through LangChain speaks the OpenAI wire format under Azure's paths: the OpenAI fake answers. */
describe('answers through LangChain: azure', () => {
  const upstream = new FakeOpenAi();
  let t: TestApp;
  beforeAll(async () => {
    const url = await upstream.start();
    t = await startTestApp({
      env: {
        LLM_PROVIDER: 'langchain:azure:support-deployment',
        LLM_BASE_URL: url.replace(/\/v1$/, ''),
        LLM_API_KEY: 'azure-key',
        LLM_TIMEOUT_MS: '1500',
        LLM_STALL_MS: '400',
        LLM_MAX_RETRIES: '0',
        RATE_LIMIT_DISABLED: '1',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await upstream.stop();
  });

  it('streams a cited answer from the deployment, and falls back offline on a stall', async () => {
    upstream.always({
      kind: 'stream',
      deltas: ['Choose **Forgot password?**', ' and follow the email [1].'],
      delayMs: 10,
    });
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How do I reset my password?');
    expect(r.deltas).toEqual(['Choose **Forgot password?**', ' and follow the email [1].']);
    expect(r.end.sources![0].path).toBe('account/reset-your-password.md');
    expect(upstream.requests[0].headers['api-key']).toBe('azure-key');
    upstream.always({ kind: 'stall' });
    const fallback = await ask(v.socket, 'How do I reset my password?', 'again');
    expect(fallback.end.text).toMatch(/^Here is what our help article \*\*Reset your password\*\*/);
    v.socket.close();
  });
});
