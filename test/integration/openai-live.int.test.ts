import { startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';

/**
 * Against the real upstream named by OPENAI_API_KEY (and OPENAI_BASE_URL / OPENAI_MODEL).
 * Not part of `npm test`; run with `npm run test:live`. Skipped without a key.
 */
const live = process.env.OPENAI_API_KEY ? describe : describe.skip;

live('live OpenAI-compatible upstream', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        OPENAI_API_KEY: process.env.OPENAI_API_KEY!,
        ...(process.env.OPENAI_BASE_URL ? { OPENAI_BASE_URL: process.env.OPENAI_BASE_URL } : {}),
        ...(process.env.OPENAI_MODEL ? { OPENAI_MODEL: process.env.OPENAI_MODEL } : {}),
        PRODUCT_NAME: 'Nimbus Home',
      },
    });
  });
  afterAll(() => t?.close());

  it('streams a grounded answer that cites the knowledge base', async () => {
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How long do I have to return a product?', undefined, 30_000);
    expect(r.deltas.length).toBeGreaterThan(3);
    expect(r.end.text).toMatch(/30 days/);
    expect(r.end.text).toMatch(/\[\d\]/);
    expect(r.end.sources!.some((s) => s.path === 'returns/return-policy.md')).toBe(true);
    v.socket.close();
  }, 40_000);
});
