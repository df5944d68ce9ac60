import http from 'node:http';
import { login, startTestApp, type TestApp } from '../support/test-app';

/** Parses a text/event-stream body into its events. */
function parseSse(body: string): { event: string; data: any }[] {
  return body
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)![1];
      const data = JSON.parse(/^data: (.+)$/m.exec(block)![1]);
      return { event, data };
    });
}

describe('HTTP API /api/v1 on a real server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_BODY_BYTES: '2048', MAX_MESSAGE_CHARS: '300', RATE_LIMIT_MESSAGES: '5' } });
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers POST /chat as JSON with ids, the stored question and the sourced answer', async () => {
    const res = await post('/api/v1/chat', { text: 'How long does standard shipping take in the United States?' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.visitorId).toMatch(/\S{8,}/);
    expect(body.token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(body.conversationId).toMatch(/\S{8,}/);
    expect(body.question).toMatchObject({
      role: 'visitor',
      text: 'How long does standard shipping take in the United States?',
    });
    expect(body.message).toMatchObject({ role: 'bot', answered: true, conversationId: body.conversationId });
    expect(body.message.text).toContain('3-5 business days');
    expect(body.message.sources[0]).toMatchObject({
      path: 'shipping/shipping-options-and-delivery-times.md',
      heading: 'United States and Canada',
    });
    expect(body.message.latency.totalMs).toBeGreaterThan(0);
  });

  it('continues the same conversation when given its ids', async () => {
    const first = await (await post('/api/v1/chat', { text: 'What is your return policy?' })).json();
    const second = await (
      await post('/api/v1/chat', {
        text: 'When will I get my refund?',
        token: first.token,
        conversationId: first.conversationId,
      })
    ).json();
    expect(second.conversationId).toBe(first.conversationId);
    const stored = await t.history.listMessages(first.conversationId);
    expect(stored.map((m) => m.role)).toEqual(['visitor', 'bot', 'visitor', 'bot']);
  });

  it('streams start, deltas and end as Server-Sent Events with Accept: text/event-stream', async () => {
    const res = await post(
      '/api/v1/chat',
      { text: 'How do I turn on two-step verification?' },
      { accept: 'text/event-stream' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual([
      'message',
      'answer:start',
      ...events.slice(2, -1).map(() => 'answer:delta'),
      'answer:end',
    ]);
    expect(events.length).toBeGreaterThan(3);
    const start = events[1].data;
    const end = events[events.length - 1].data.message;
    expect(end.id).toBe(start.messageId);
    const streamed = events
      .filter((e) => e.event === 'answer:delta')
      .map((e) => e.data.delta)
      .join('');
    expect(streamed).toBe(end.text);
    expect(end.sources[0].path).toBe('account/two-step-verification.md');
    expect(events[0].data.message).toMatchObject({ role: 'visitor', text: 'How do I turn on two-step verification?' });
  });

  it.each([
    ['malformed JSON', '{"text": "hi"', 400, 'invalid_json'],
    ['a wrong type', { text: 7 }, 400, 'invalid_request'],
    ['an unknown field', { text: 'hi', admin: true }, 400, 'invalid_request'],
    ['empty text', { text: ' \n ' }, 400, 'empty_message'],
    ['text over the limit', { text: 'a'.repeat(301) }, 400, 'message_too_long'],
    ['a body over the size limit', { text: 'b'.repeat(5000) }, 413, 'payload_too_large'],
    ['a visitor id chosen by the client', { text: 'hi', visitorId: '1' }, 400, 'invalid_request'],
    ['a malformed token', { text: 'hi', token: '<script>' }, 400, 'invalid_request'],
    [
      'a token the server did not sign',
      { text: 'hi', token: 'eyJ2IjoiMSIsImUiOjk5OTk5OTk5OTl9.Zm9yZ2Vk' },
      401,
      'unauthorized',
    ],
  ])('refuses %s with a typed JSON error and no stack', async (_what, body, status, code) => {
    const res = await post('/api/v1/chat', body);
    expect(res.status).toBe(status);
    const json = await res.json();
    expect(json.error.code).toBe(code);
    expect(JSON.stringify(json)).not.toMatch(/node_modules|\.ts:|stack/);
  });

  it('creates no conversation for a new visitor whose first message is refused', async () => {
    const before = (await t.history.listConversations({ limit: 1000 })).length;
    for (const text of ['   ', 'z'.repeat(301)]) {
      const res = await post('/api/v1/chat', { text });
      expect(res.status).toBe(400);
    }
    expect((await t.history.listConversations({ limit: 1000 })).length).toBe(before);
  });

  it('does not let one visitor post into another visitor’s conversation', async () => {
    const owner = await (await post('/api/v1/chat', { text: 'Where is my parcel?' })).json();
    // Knowing the owner's visitor id (agents and exports show it) grants nothing.
    const withId = await post('/api/v1/chat', {
      text: 'hijack',
      visitorId: owner.visitorId,
      conversationId: owner.conversationId,
    });
    expect(withId.status).toBe(400);
    const res = await post('/api/v1/chat', { text: 'hijack', conversationId: owner.conversationId });
    const body = await res.json();
    expect(body.conversationId).not.toBe(owner.conversationId);
    expect((await t.history.listMessages(owner.conversationId)).some((m) => m.text === 'hijack')).toBe(false);
  });

  it('rate-limits a flood with 429, Retry-After and retryAfterMs', async () => {
    const first = await (await post('/api/v1/chat', { text: 'question 0 about returns' })).json();
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 1; i < 8; i++) {
      const res = await post('/api/v1/chat', {
        text: `question ${i} about returns`,
        token: first.token,
        conversationId: first.conversationId,
      });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else await res.json();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited!.json()).error).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
  });

  it('returns what the bot would retrieve from GET /knowledge/search', async () => {
    const res = await fetch(
      `${t.url}/api/v1/knowledge/search?q=${encodeURIComponent('bulb blinks purple after update')}&k=3`,
    );
    const body = await res.json();
    expect(body.results.length).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(3);
    expect(body.results[0]).toMatchObject({
      path: 'troubleshooting/firmware-updates.md',
      title: 'Firmware updates',
      heading: 'An update failed',
    });
    expect(body.results[0].text).toContain('blinks purple');
    expect(body.results[0].score).toBeGreaterThan(0.5);
    const bad = await fetch(`${t.url}/api/v1/knowledge/search?k=3`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: 'invalid_request', field: 'q' });
  });

  it('reports latency percentiles and the answered rate from GET /stats', async () => {
    await post('/api/v1/chat', { text: 'Who painted the Mona Lisa?' });
    expect((await fetch(`${t.url}/api/v1/stats?window=1h`)).status).toBe(401);
    const auth = { headers: { authorization: `Bearer ${await login(t.url)}` } };
    const stats = await (await fetch(`${t.url}/api/v1/stats?window=1h`, auth)).json();
    expect(stats.windowMs).toBe(3_600_000);
    expect(stats.answers).toBeGreaterThanOrEqual(5);
    expect(stats.answeredRate).toBeGreaterThan(0);
    expect(stats.answeredRate).toBeLessThan(1);
    for (const key of ['firstTokenMs', 'totalMs', 'retrievalMs']) {
      expect(stats[key].p50).toBeGreaterThan(0);
      expect(stats[key].p95).toBeGreaterThanOrEqual(stats[key].p50);
      expect(stats[key].p99).toBeGreaterThanOrEqual(stats[key].p95);
    }
    const bad = await fetch(`${t.url}/api/v1/stats?window=forever`, auth);
    expect(bad.status).toBe(400);
  });

  it('exposes Prometheus histograms and counters at GET /metrics', async () => {
    const res = await fetch(`${t.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    for (const name of [
      'answerdesk_retrieval_seconds',
      'answerdesk_first_token_seconds',
      'answerdesk_answer_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} histogram`);
      expect(Number(new RegExp(`${name}_count (\\d+)`).exec(text)![1])).toBeGreaterThanOrEqual(5);
    }
    expect(Number(/answerdesk_messages_total\{role="visitor"\} (\d+)/.exec(text)![1])).toBeGreaterThanOrEqual(5);
    expect(Number(/answerdesk_unanswered_total (\d+)/.exec(text)![1])).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE answerdesk_llm_fallbacks_total counter');
  });

  it('answers health and readiness probes, and 404s unknown routes as JSON', async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      checks: { knowledge: true, history: true },
      documents: 26,
    });
    const missing = await fetch(`${t.url}/api/v1/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'Not found.' } });
  });

  it('closes an SSE response cleanly when the client goes away mid-stream', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = http.request(
        `${t.url}/api/v1/chat`,
        { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' } },
        (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        },
      );
      req.on('error', (err) =>
        err.message.includes('aborted') || (err as NodeJS.ErrnoException).code === 'ECONNRESET'
          ? resolve()
          : reject(err),
      );
      req.end(JSON.stringify({ text: 'How do I track my package?' }));
    });
    // The server keeps serving after the abandoned stream.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});
