import type { DocumentInterface } from '@langchain/core/documents';
import { RunnableLambda } from '@langchain/core/runnables';
import { AnswerdeskRetriever } from '../../src/langchain/answerdesk-retriever';
import { startTestApp, type TestApp } from '../support/test-app';

describe('AnswerdeskRetriever against a running server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
  });
  afterAll(() => t.close());

  it('returns the passages the bot would use, as LangChain documents naming their article', async () => {
    const retriever = new AnswerdeskRetriever({ baseUrl: t.url, k: 3 });
    const docs = await retriever.invoke('How do I reset my password?');
    expect(docs.length).toBeGreaterThan(0);
    expect(docs.length).toBeLessThanOrEqual(3);
    const [best] = docs;
    expect(best.metadata).toMatchObject({ path: 'account/reset-your-password.md', title: expect.any(String) });
    expect(best.metadata.source).toBe(best.metadata.url ?? best.metadata.path);
    expect(best.metadata.score).toBeGreaterThan(0.6);
    expect(best.pageContent.toLowerCase()).toContain('password');
    // The same passages the bot retrieves for that question, best first.
    const res = await fetch(
      `${t.url}/api/v1/knowledge/search?q=${encodeURIComponent('How do I reset my password?')}&k=3`,
    );
    const { results } = (await res.json()) as { results: { path: string; text: string }[] };
    expect(docs.map((d) => d.pageContent)).toEqual(results.map((r) => r.text));
  });

  it('leaves out passages under minScore, and works inside a chain', async () => {
    const all = await new AnswerdeskRetriever({ baseUrl: t.url, k: 10 }).invoke('return a damaged parcel');
    const confident = await new AnswerdeskRetriever({ baseUrl: t.url, k: 10, minScore: 0.6 }).invoke(
      'return a damaged parcel',
    );
    expect(confident.every((d) => d.metadata.score >= 0.6)).toBe(true);
    expect(confident.length).toBeLessThan(all.length);
    const titles = new AnswerdeskRetriever({ baseUrl: t.url, k: 2 }).pipe(
      RunnableLambda.from((docs: DocumentInterface[]) => docs.map((d) => String(d.metadata.title))),
    );
    expect(await titles.invoke('How do I reset my password?')).toHaveLength(2);
  });

  it('says why a search failed', async () => {
    await expect(new AnswerdeskRetriever({ baseUrl: t.url, k: 99 }).invoke('password')).rejects.toThrow(
      /Answerdesk search failed \(400 invalid_request\)/,
    );
    await expect(
      new AnswerdeskRetriever({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }).invoke('x'),
    ).rejects.toThrow();
    expect(() => new AnswerdeskRetriever({ baseUrl: 'not a url' })).toThrow();
  });

  it('names an allowed site when the server only answers those (ALLOWED_ORIGINS)', async () => {
    const locked = await startTestApp({ env: { ALLOWED_ORIGINS: 'https://shop.example.com' } });
    try {
      await expect(new AnswerdeskRetriever({ baseUrl: locked.url }).invoke('password')).rejects.toThrow(
        /403 forbidden/,
      );
      const docs = await new AnswerdeskRetriever({ baseUrl: locked.url, origin: 'https://shop.example.com' }).invoke(
        'How do I reset my password?',
      );
      expect(docs[0].metadata.path).toBe('account/reset-your-password.md');
    } finally {
      await locked.close();
    }
  });
});
