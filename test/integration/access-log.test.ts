import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestApp, type TestApp } from '../support/test-app';

/** The access log: one line per request with its id, never the visitor's text; standard process metrics. */
describe('access log and metrics names', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    t = await startTestApp({ logger: pino({ level: 'info', base: undefined }, sink) });
  });
  afterAll(() => t.close());

  it('logs each request once with its id, method, path and status, and no query or body text', async () => {
    const secret = 'my-private-question-about-refunds';
    const search = await fetch(`${t.url}/api/v1/knowledge/search?q=${secret}`, {
      headers: { 'x-request-id': 'trace-42' },
    });
    expect(search.headers.get('x-request-id')).toBe('trace-42');
    const chat = await fetch(`${t.url}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' },
      body: JSON.stringify({ text: secret }),
    });
    const chatId = chat.headers.get('x-request-id');
    expect(chatId).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((r) => setTimeout(r, 50));
    const access = lines.filter((l) => l.module === 'access');
    expect(access.find((l) => (l.req as { id: string }).id === 'trace-42')).toMatchObject({
      req: { method: 'GET', path: '/api/v1/knowledge/search' },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
    });
    expect(access.find((l) => (l.req as { id: string }).id === chatId)).toMatchObject({
      req: { method: 'POST', path: '/api/v1/chat' },
    });
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('exports the default process metrics under their standard names', async () => {
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toContain('# TYPE process_cpu_seconds_total counter');
    expect(text).toMatch(/# TYPE nodejs_heap_size_used_bytes gauge/);
    expect(text).not.toContain('answerdesk_process_');
  });
});
