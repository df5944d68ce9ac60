import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import { createIndex } from '../../src/knowledge/create-index';
import type { Embedder } from '../../src/knowledge/embedders/embedder';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import type { KnowledgeIndex } from '../../src/knowledge/knowledge-index';
import { LexicalIndex } from '../../src/knowledge/lexical/lexical-index';
import { LocalEmbedder } from '../../src/knowledge/embedders/local-embedder';
import { DEFAULT_WORD_VECTORS_FILE } from '../../src/knowledge/vectors/word-vectors-file';
import { createLogger } from '../../src/logger';

/**
 * Retrieval on a small fixture of our own articles, through the knowledge base as the server
 * wires it: a regression here fails CI. The full measurement is `npm run eval` on the Arduino
 * help center.
 */
const FIXTURE = path.resolve(__dirname, '../fixtures/retrieval');
const MIN_SCORE = loadConfig({}).retrieval.minScore;
const silent = createLogger('silent');

describe('retrieval quality on a fixture', () => {
  const bases: KnowledgeBase[] = [];
  let dataDir: string;
  let full: KnowledgeBase; // the default: lexical + word vectors + sentence encoder
  let words: KnowledgeBase; // lexical + word vectors, no sentence encoder
  let lexical: KnowledgeBase;

  async function load(index: KnowledgeIndex, embedder?: Embedder): Promise<KnowledgeBase> {
    const kb = new KnowledgeBase({ root: FIXTURE, index: index, logger: silent, debounceMs: 10, embedder });
    await kb.vectorsReady();
    bases.push(kb);
    return kb;
  }
  const hybrid = () => createIndex({ wordVectors: DEFAULT_WORD_VECTORS_FILE }, silent);
  const top3 = async (kb: KnowledgeBase, q: string) =>
    [...new Set((await kb.search(q, 10)).map((h) => h.chunk.path))].slice(0, 3);

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-retrieval-'));
    full = await load(hybrid(), new LocalEmbedder({ dataDir }));
    words = await load(hybrid());
    lexical = await load(new LexicalIndex());
  }, 30_000);
  afterAll(async () => {
    await Promise.all(bases.map((kb) => kb.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['How do I track my package?', 'track-a-package.md'],
    ['return a product for a refund', 'return-a-product.md'],
    ['Which payment methods do you accept?', 'payment-methods.md'],
    ['change my password', 'change-your-password.md'],
    ['cancel my subscription', 'cancel-your-subscription.md'],
  ])('finds, and is confident about, the article that shares the question’s words: %s', async (q, expected) => {
    expect((await top3(full, q))[0]).toBe(expected);
    expect((await full.search(q, 1))[0].score).toBeGreaterThanOrEqual(MIN_SCORE);
  });

  const PARAPHRASES: [string, string][] = [
    ['where is my parcel?', 'track-a-package.md'],
    ['I want to send back what I bought and get my money back', 'return-a-product.md'],
    ['how do I erase my profile for good', 'delete-your-account.md'],
    ['how hot can the device get?', 'operating-temperature.md'],
    ['my phone with the authenticator was stolen', 'two-step-verification.md'],
    ['stop my monthly membership', 'cancel-your-subscription.md'],
  ];
  it.each(PARAPHRASES)('finds the article for a question in other words: %s', async (q, expected) => {
    expect(await top3(full, q)).toContain(expected);
  });

  it('finds more paraphrased questions than the lexical index alone', async () => {
    const found = async (kb: KnowledgeBase) =>
      (await Promise.all(PARAPHRASES.map(async ([q, e]) => (await top3(kb, q))[0] === e))).filter(Boolean).length;
    expect(await found(full)).toBeGreaterThan(await found(lexical));
  });

  it.each([
    ['how do I wipe it clean and start from scratch?', 'reset-the-thermostat.md'],
    ['tell me when you have it in stock again', 'restock-alerts.md'],
    ['how much is postage?', 'shipping-costs.md'],
  ])('with the sentence encoder, finds an article that word matching misses: %s', async (q, expected) => {
    expect(await top3(words, q)).not.toContain(expected);
    expect(await top3(full, q)).toContain(expected);
  });

  it.each([
    'What is the weather in Rome tomorrow?',
    'Can you recommend a pizza recipe?',
    'Who won the football world cup?',
    'How do I file my personal income tax return?',
  ])('is not confident about a question the articles do not answer: %s', async (q) => {
    expect((await full.search(q, 5)).every((h) => h.score < MIN_SCORE)).toBe(true);
  });

  it('re-indexes one added or removed article on its own, sentence vector included', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-retrieval-edit-'));
    cpSync(FIXTURE, root, { recursive: true });
    const kb = new KnowledgeBase({
      root,
      index: hybrid(),
      logger: silent,
      debounceMs: 10,
      embedder: new LocalEmbedder({ dataDir }),
    });
    bases.push(kb);
    await kb.vectorsReady();
    const q = 'can you wrap my order as a present?';
    expect(await top3(kb, q)).not.toContain('gift-wrap.md');
    writeFileSync(
      path.join(root, 'gift-wrap.md'),
      '---\ntitle: Gift wrapping\n---\nWe wrap any order in paper with a ribbon for 4 euros.\n',
    );
    await kb.refresh('gift-wrap.md');
    expect((await top3(kb, q))[0]).toBe('gift-wrap.md');
    expect((await kb.search(q, 1))[0].chunk.vectors![0]).toHaveLength(512);
    rmSync(path.join(root, 'gift-wrap.md'));
    await kb.refresh('gift-wrap.md');
    expect(await top3(kb, q)).not.toContain('gift-wrap.md');
    rmSync(root, { recursive: true, force: true });
  });
});
