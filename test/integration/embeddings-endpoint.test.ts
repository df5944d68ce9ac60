import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeOpenAi } from '../support/fake-openai';
import { startTestApp, type TestApp } from '../support/test-app';

const ARTICLES: Record<string, string> = {
  'track-your-package.md':
    '---\ntitle: Track your package\n---\nEvery package gets a tracking link by email when it leaves the warehouse.\n',
  'change-your-password.md':
    '---\ntitle: Change your password\n---\nOpen Settings, then Security, and type the new password twice.\n',
  'opening-hours.md': '---\ntitle: Opening hours\n---\nThe support team answers from 9 to 17 on weekdays.\n',
};

describe('retrieval with an embeddings endpoint (EMBEDDINGS_MODEL)', () => {
  let upstream: FakeOpenAi;
  let dir: string;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    upstream = new FakeOpenAi();
    await upstream.start();
    // A made-up word that neither the word vectors nor WordNet know: only the endpoint relates it.
    upstream.synonyms = { zorblax: 'package' };
    dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-embed-'));
    mkdirSync(path.join(dir, 'knowledge'));
    for (const [name, text] of Object.entries(ARTICLES)) writeFileSync(path.join(dir, 'knowledge', name), text);
  });
  afterEach(async () => {
    upstream.embeddingsBehaviour = 'ok';
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });
  afterAll(async () => {
    await upstream.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(env: Record<string, string> = {}): Promise<TestApp> {
    const baseURL = (upstream as unknown as { server: { address(): { port: number } } }).server.address().port;
    const app = await startTestApp({
      dir,
      env: { OPENAI_BASE_URL: `http://127.0.0.1:${baseURL}/v1`, EMBEDDINGS_MODEL: 'fake-embed', ...env },
    });
    apps.push(app);
    return app;
  }
  const search = async (t: TestApp, q: string) =>
    (await (await fetch(`${t.url}/api/v1/knowledge/search?q=${encodeURIComponent(q)}`)).json()) as {
      results: { path: string }[];
    };

  it('embeds every chunk at load, and finds an article the question shares no word with', async () => {
    const before = upstream.embeddingInputs.flat().length;
    const t = await start();
    const embedded = upstream.embeddingInputs.flat().slice(before);
    expect(embedded.filter((x) => x.startsWith('Track your package'))).toHaveLength(1);
    expect(embedded).toHaveLength(Object.keys(ARTICLES).length);
    expect((await search(t, 'where is my zorblax')).results[0]?.path).toBe('track-your-package.md');
    // The question itself was embedded too.
    expect(upstream.embeddingInputs.flat()).toContain('where is my zorblax');
  });

  it('does not embed again after a restart (vectors cached on disk by content)', async () => {
    await start();
    await apps.pop()!.close();
    const before = upstream.embeddingInputs.flat().length;
    const t = await start();
    expect(upstream.embeddingInputs.flat().slice(before)).toEqual([]);
    expect((await search(t, 'where is my zorblax')).results[0]?.path).toBe('track-your-package.md');
  });

  it('without the endpoint, the same question finds nothing', async () => {
    const t = await start({ EMBEDDINGS_MODEL: '' });
    expect((await search(t, 'where is my zorblax')).results.map((r) => r.path)).not.toContain('track-your-package.md');
  });

  it('keeps searching (lexically) when the endpoint fails or stalls', async () => {
    const t = await start({ EMBEDDINGS_TIMEOUT_MS: '200' });
    upstream.embeddingsBehaviour = 'error';
    const failed = await fetch(`${t.url}/api/v1/knowledge/search?q=${encodeURIComponent('change my password please')}`);
    expect(failed.status).toBe(200);
    expect((await failed.json()).results[0].path).toBe('change-your-password.md');
    upstream.embeddingsBehaviour = 'stall';
    const started = Date.now();
    expect((await search(t, 'opening hours of support')).results[0].path).toBe('opening-hours.md');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
