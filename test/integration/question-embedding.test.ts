import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createIndex } from '../../src/knowledge/create-index';
import type { Embedder } from '../../src/knowledge/embedder';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { LocalEmbedder } from '../../src/knowledge/local-embedder';
import { DEFAULT_WORD_VECTORS_FILE } from '../../src/knowledge/word-vectors-file';
import { createLogger } from '../../src/logger';

/**
 * How a search waits for the question's embedding: started ahead by `anticipate` (while the
 * message is stored) and used once, and never waited for past the timeout, whatever the
 * embedder does.
 */
describe('the question’s embedding in a search', () => {
  let root: string;
  let dataDir: string;
  const bases: KnowledgeBase[] = [];
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-qe-'));
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-qe-data-'));
    writeFileSync(path.join(root, 'shipping-costs.md'), '---\ntitle: Shipping costs and delivery times\n---\nOrders over 50 euros ship free; standard delivery takes 3 to 5 working days.\n');
    writeFileSync(path.join(root, 'change-your-password.md'), '---\ntitle: Change your password\n---\nOpen Settings, choose Security and enter the new password twice.\n');
  });
  afterAll(async () => {
    await Promise.all(bases.map((b) => b.close()));
    rmSync(root, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function load(embedder: Embedder, embedTimeoutMs?: number): Promise<KnowledgeBase> {
    const kb = new KnowledgeBase({ root, index: createIndex({ wordVectors: DEFAULT_WORD_VECTORS_FILE }, createLogger('silent')), logger: createLogger('silent'), debounceMs: 10, embedder, embedTimeoutMs });
    bases.push(kb);
    await kb.load();
    return kb;
  }

  it('embeds an anticipated question once, and the search uses that vector', async () => {
    const embedder = new LocalEmbedder({ dataDir });
    const kb = await load(embedder);
    const q = 'how much is postage?';
    kb.anticipate(q);
    kb.anticipate(q);
    const hits = await kb.search(q, 3);
    expect(embedder.questions).toBe(1);
    // Found through the sentence vector: no word of the question is in the article.
    expect(hits.map((h) => h.chunk.path)).toContain('shipping-costs.md');
    await kb.search(q, 3);
    expect(embedder.questions).toBe(2); // consumed by the first search, not kept
  });

  it('stops waiting for an embedder that never answers, and searches by words', async () => {
    const local = new LocalEmbedder({ dataDir });
    const hanging: Embedder = {
      model: 'hanging',
      local: true,
      calibration: local.calibration,
      chunkText: (c) => local.chunkText(c),
      embed: (texts) => local.embed(texts),
      embedQuery: () => new Promise(() => undefined),
    };
    const kb = await load(hanging, 150);
    const started = Date.now();
    const hits = await kb.search('change my password', 3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(hits[0].chunk.path).toBe('change-your-password.md');
  });
});
