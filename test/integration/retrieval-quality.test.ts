import path from 'node:path';
import { HybridIndex } from '../../src/knowledge/hybrid-index';
import type { KnowledgeIndex } from '../../src/knowledge/knowledge-index';
import { listKnowledgeFiles, loadDocument } from '../../src/knowledge/load-document';
import { LexicalIndex } from '../../src/knowledge/lexical-index';
import { splitDocument } from '../../src/knowledge/split-document';
import { createIndex } from '../../src/knowledge/create-index';
import { createLogger } from '../../src/logger';
import { DEFAULT_WORD_VECTORS_FILE } from '../../src/knowledge/word-vectors-file';

/**
 * Retrieval on a small fixture of our own articles: a regression here fails CI. The full
 * measurement is `npm run eval` on the Arduino help center.
 */
const FIXTURE = path.resolve(__dirname, '../fixtures/retrieval');
const MIN_SCORE = 0.43; // RETRIEVAL_MIN_SCORE's default
const silent = createLogger('silent');

async function build(index: KnowledgeIndex): Promise<KnowledgeIndex> {
  for (const file of await listKnowledgeFiles(FIXTURE)) {
    const r = await loadDocument(FIXTURE, file);
    if (r.kind === 'document') index.setDocument(r.doc.path, await splitDocument(r.doc));
  }
  return index;
}

const top3 = (index: KnowledgeIndex, q: string) => [...new Set(index.search(q, 10).map((h) => h.chunk.path))].slice(0, 3);

describe('retrieval quality on a fixture', () => {
  let hybrid: KnowledgeIndex;
  let lexical: KnowledgeIndex;
  beforeAll(async () => {
    hybrid = await build(createIndex({ wordVectors: DEFAULT_WORD_VECTORS_FILE }, silent));
    lexical = await build(new LexicalIndex());
  });

  it.each([
    ['How do I track my package?', 'track-a-package.md'],
    ['return a product for a refund', 'return-a-product.md'],
    ['Which payment methods do you accept?', 'payment-methods.md'],
    ['change my password', 'change-your-password.md'],
  ])('finds the article that shares the question’s words: %s', (q, expected) => {
    expect(top3(hybrid, q)[0]).toBe(expected);
    expect(hybrid.search(q, 1)[0].score).toBeGreaterThanOrEqual(MIN_SCORE);
  });

  it.each([
    ['where is my parcel?', 'track-a-package.md'],
    ['I want to send back what I bought and get my money back', 'return-a-product.md'],
    ['how do I erase my profile for good', 'delete-your-account.md'],
    ['how hot can the device get?', 'operating-temperature.md'],
  ])('finds the article for a question in other words: %s', (q, expected) => {
    expect(top3(hybrid, q)).toContain(expected);
  });

  it('finds more paraphrased questions than the lexical index alone', () => {
    const paraphrases: [string, string][] = [
      ['where is my parcel?', 'track-a-package.md'],
      ['I want to send back what I bought and get my money back', 'return-a-product.md'],
      ['how do I erase my profile for good', 'delete-your-account.md'],
      ['how hot can the device get?', 'operating-temperature.md'],
    ];
    const found = (index: KnowledgeIndex) => paraphrases.filter(([q, e]) => top3(index, q)[0] === e).length;
    expect(found(hybrid)).toBeGreaterThan(found(lexical));
  });

  it.each(['What is the weather in Rome tomorrow?', 'Can you recommend a pizza recipe?', 'Who won the football world cup?'])(
    'is not confident about a question the articles do not answer: %s',
    (q) => {
      expect(hybrid.search(q, 5).every((h) => h.score < MIN_SCORE)).toBe(true);
    },
  );

  it('updates one changed article without a rebuild, in both halves', async () => {
    const index = await build(createIndex({ wordVectors: DEFAULT_WORD_VECTORS_FILE }, silent));
    expect(index).toBeInstanceOf(HybridIndex);
    index.setDocument('gift-wrap.md', [{ id: 'gift-wrap.md#0', path: 'gift-wrap.md', title: 'Gift wrapping', headings: [], text: 'We wrap any order as a present for 4 euros.', order: 0 }]);
    expect(top3(index, 'can you wrap my order as a present')[0]).toBe('gift-wrap.md');
    index.removeDocument('gift-wrap.md');
    expect(top3(index, 'can you wrap my order as a present')).not.toContain('gift-wrap.md');
  });
});
