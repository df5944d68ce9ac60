import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createIndex } from '../../src/knowledge/create-index';
import type { Embedder } from '../../src/knowledge/embedders/embedder';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { LocalEmbedder } from '../../src/knowledge/embedders/local-embedder';
import type { ChunkVectors } from '../../src/knowledge/vectors/chunk-vectors';
import { DEFAULT_WORD_VECTORS_FILE } from '../../src/knowledge/vectors/word-vectors-file';
import { createLogger } from '../../src/logger';
import { eventually } from '../support/eventually';

/**
 * How a search waits for the question's embedding: once per search, and never past the timeout, whatever the
 * embedder does.
 */
describe('the question’s embedding in a search', () => {
  let root: string;
  let dataDir: string;
  const bases: KnowledgeBase[] = [];
  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-qe-'));
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-qe-data-'));
    writeFileSync(
      path.join(root, 'shipping-costs.md'),
      '---\ntitle: Shipping costs and delivery times\n---\nOrders over 50 euros ship free; standard delivery takes 3 to 5 working days.\n',
    );
    writeFileSync(
      path.join(root, 'change-your-password.md'),
      '---\ntitle: Change your password\n---\nOpen Settings, choose Security and enter the new password twice.\n',
    );
  });
  afterAll(async () => {
    await Promise.all(bases.map((b) => b.close()));
    rmSync(root, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function load(embedder: Embedder, embedTimeoutMs?: number): Promise<KnowledgeBase> {
    const kb = new KnowledgeBase({
      root,
      index: createIndex({ wordVectors: DEFAULT_WORD_VECTORS_FILE }, createLogger('silent')),
      logger: createLogger('silent'),
      debounceMs: 10,
      embedder,
      embedTimeoutMs,
    });
    bases.push(kb);
    await kb.vectorsReady();
    return kb;
  }

  it('embeds the question once per search, and the search uses that vector', async () => {
    const embedder = new LocalEmbedder({ dataDir });
    const kb = await load(embedder);
    const q = 'how much is postage?';
    const hits = await kb.search(q, 3);
    expect(embedder.questions).toBe(1);
    // Found through the sentence vector: no word of the question is in the article.
    expect(hits.map((h) => h.chunk.path)).toContain('shipping-costs.md');
    await kb.search(q, 3);
    expect(embedder.questions).toBe(2); // never kept between searches
  });

  it('stops waiting for an embedder that never answers, and searches by words', async () => {
    const local = new LocalEmbedder({ dataDir });
    const hanging: Embedder = {
      model: 'hanging',
      local: true,
      calibration: local.calibration,
      chunkTexts: (c) => local.chunkTexts(c),
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

  /** The local encoder behind a gate: knowledge texts wait until `open()`, which lets the last held go first. */
  function gated(local: LocalEmbedder): { embedder: Embedder; open(): void; waiting(): number } {
    let opened = false;
    const held: (() => void)[] = [];
    return {
      embedder: {
        model: local.model,
        local: true,
        calibration: local.calibration,
        chunkTexts: (c) => local.chunkTexts(c),
        embed: async (texts) => {
          if (!opened) await new Promise<void>((resolve) => held.push(resolve));
          return local.embed(texts);
        },
        embedQuery: (q) => local.embedQuery(q),
      },
      open: () => {
        opened = true;
        for (const release of held.splice(0).reverse()) release();
      },
      waiting: () => held.length,
    };
  }

  it('on a first load, is ready once the words are indexed, and the vectors join as they are computed', async () => {
    const gate = gated(new LocalEmbedder({ dataDir }));
    const kb = new KnowledgeBase({
      root,
      index: createIndex({ wordVectors: DEFAULT_WORD_VECTORS_FILE }, createLogger('silent')),
      logger: createLogger('silent'),
      debounceMs: 10,
      embedder: gate.embedder,
    });
    bases.push(kb);
    await kb.load();
    await eventually(() => gate.waiting() === 2, 5000, 'two files at the gate');
    // Both files are searchable by their words already, and the base is ready; no vector is in.
    expect(
      kb
        .documents()
        .map((d) => d.path)
        .sort(),
    ).toEqual(['change-your-password.md', 'shipping-costs.md']);
    expect(kb.isReady).toBe(true);
    expect((await kb.search('change my password', 3))[0].chunk.path).toBe('change-your-password.md');
    expect(kb.vectors()).toEqual({ embedded: 0, chunks: 2, done: false });
    gate.open();
    await kb.vectorsReady();
    expect(kb.vectors()).toEqual({ embedded: 2, chunks: 2, done: true });
    // Found through the chunk's vector: no word of the question is in the article.
    expect((await kb.search('how much is postage?', 3)).map((h) => h.chunk.path)).toContain('shipping-costs.md');
  });

  it('watches while it loads: a file rewritten during the first load ends up indexed as last written', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-qe-watch-'));
    try {
      const file = path.join(dir, 'returns.md');
      writeFileSync(file, '---\ntitle: Returns\n---\nReturns are accepted within 14 days.\n');
      const gate = gated(new LocalEmbedder({ dataDir }));
      const hybrid = createIndex({ wordVectors: DEFAULT_WORD_VECTORS_FILE }, createLogger('silent'));
      const kb = new KnowledgeBase({
        root: dir,
        index: hybrid,
        logger: createLogger('silent'),
        debounceMs: 10,
        embedder: gate.embedder,
      });
      bases.push(kb);
      const loading = kb.load();
      await kb.watch();
      await eventually(() => gate.waiting() === 1, 5000, 'one question at the gate');
      writeFileSync(
        file,
        '---\ntitle: Refund policy\n---\nReturns are accepted within 30 days, refunds within a week.\n',
      );
      await new Promise((r) => setTimeout(r, 300));
      gate.open();
      await loading;
      let text = '';
      for (let tries = 0; tries < 100 && !text.includes('30 days'); tries++) {
        text = (await kb.search('how many days do I have to return an item', 1))[0]?.chunk.text ?? '';
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(text).toContain('30 days');
      expect(kb.documents()).toHaveLength(1);
      // The edit's vectors were released first; the first load's, for the old title, must not land on its chunk.
      const [refund, returns] = await new LocalEmbedder({ dataDir }).embed(['Refund policy', 'Returns']);
      const embedded = (hybrid as unknown as { embedded: ChunkVectors }).embedded;
      expect(embedded.scan(refund).of('returns.md#0')).toBeCloseTo(1, 3);
      expect(embedded.scan(returns).of('returns.md#0')).toBeLessThan(0.99);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
