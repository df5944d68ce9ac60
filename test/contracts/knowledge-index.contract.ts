import type { Chunk } from '../../src/knowledge/chunk';
import type { EmbeddingCalibration } from '../../src/knowledge/embedders/embedder';
import type { KnowledgeIndex } from '../../src/knowledge/knowledge-index';

const chunk = (
  path: string,
  order: number,
  title: string,
  headings: string[],
  text: string,
  vector?: Float32Array,
): Chunk => ({
  id: `${path}#${order}`,
  path,
  title,
  headings,
  text,
  order,
  ...(vector ? { vectors: [vector] } : {}),
});

/** A unit vector along axis `i`: a stand-in embedding that a chunk and a question share. */
const axis = (i: number) => {
  const v = new Float32Array(16);
  v[i] = 1;
  return v;
};
const CALIBRATION: EmbeddingCalibration = {
  floor: 0.3,
  match: 0.3,
  confidenceFloor: 0.55,
  confidenceWeight: 1,
  weight: 2,
};

const RETURNS = [
  chunk(
    'returns.md',
    0,
    'Return policy',
    [],
    'You can send products back within 30 days of delivery for a full refund.',
  ),
  chunk(
    'returns.md',
    1,
    'Return policy',
    ['Return shipping'],
    'Return labels are prepaid and free in the United States.',
  ),
];
const WIFI = [
  chunk(
    'wifi.md',
    0,
    'Bulb will not connect to Wi-Fi',
    ['Check the network'],
    'Bulbs need a 2.4 GHz network with WPA2 security.',
  ),
];
const BILLING = [
  chunk('billing/pay.md', 0, 'Payment methods', [], 'We accept Visa, Mastercard, PayPal and gift cards.'),
];

/** The behaviour every KnowledgeIndex must have; `make` returns a fresh, empty index. */
export function knowledgeIndexContract(name: string, make: () => KnowledgeIndex): void {
  describe(`KnowledgeIndex contract: ${name}`, () => {
    let index: KnowledgeIndex;
    beforeEach(() => {
      index = make();
      index.setDocument('returns.md', RETURNS);
      index.setDocument('wifi.md', WIFI);
      index.setDocument('billing/pay.md', BILLING);
    });

    it('finds the chunk that answers a keyword question first, with its metadata', () => {
      const [top] = index.search('How many days do I have to return a product?', 3);
      expect(top.chunk).toEqual(RETURNS[0]);
      expect(top.score).toBeGreaterThan(0.5);
      expect(top.score).toBeLessThanOrEqual(1);
    });

    it('ranks by relevance, returns at most k hits, and what matches best first', () => {
      const hits = index.search('free return shipping labels', 5);
      expect(hits[0].chunk.id).toBe('returns.md#1');
      expect(hits.length).toBeLessThanOrEqual(5);
      // A semantic index may add passages that are only similar in meaning, but never above these.
      expect(hits.slice(0, RETURNS.length).every((h) => h.chunk.path === 'returns.md')).toBe(true);
      expect(index.search('paypal', 1)).toHaveLength(1);
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1].rank).toBeGreaterThanOrEqual(hits[i].rank);
    });

    it('returns nothing for a question with no known word, or only stop words', () => {
      expect(index.search('zebra giraffe', 5)).toEqual([]);
      expect(index.search('how do I do it?', 5)).toEqual([]);
      expect(index.search('', 5)).toEqual([]);
    });

    it('scores an off-topic question well below an on-topic one', () => {
      const onTopic = index.search('return refund 30 days', 1)[0].score;
      const offTopic = index.search('refund for my airline ticket to Tokyo', 1)[0]?.score ?? 0;
      expect(offTopic).toBeLessThan(onTopic);
      expect(offTopic).toBeLessThan(0.5);
    });

    it('matches stems, hyphenated compounds and a typo in a rare word', () => {
      expect(index.search('returning', 1)[0].chunk.path).toBe('returns.md');
      expect(index.search('wifi network', 1)[0].chunk.path).toBe('wifi.md');
      expect(index.search('mastercrad', 1)[0]?.chunk.path).toBe('billing/pay.md');
    });

    it('replaces a document on update without touching the others', () => {
      index.setDocument('wifi.md', [
        chunk('wifi.md', 0, 'Bulb will not connect to Wi-Fi', [], 'Use the Ethernet port on the hub instead.'),
      ]);
      expect(index.search('WPA2', 3)).toEqual([]);
      expect(index.search('ethernet', 3)[0].chunk.path).toBe('wifi.md');
      expect(index.search('paypal', 1)[0].chunk.path).toBe('billing/pay.md');
      expect(index.chunkCount).toBe(4);
    });

    it('forgets a removed document and ignores unknown paths', () => {
      index.removeDocument('returns.md');
      index.removeDocument('never-there.md');
      expect(index.search('refund', 5).some((h) => h.chunk.path === 'returns.md')).toBe(false);
      expect(index.paths()).toEqual(['billing/pay.md', 'wifi.md']);
      expect(index.chunkCount).toBe(2);
    });

    // Optional: an index that reads the embedder's chunk vectors has setVectors.
    if (make().setVectors) {
      it('finds a chunk through its vector, added after its words, and ignores vectors for a path it lacks', () => {
        if (!index.setVectors) throw new Error('this index has no setVectors');
        const gifts = (vector?: Float32Array) => [
          chunk('gifts.md', 0, 'Gift wrapping', [], 'Wrapping costs four dollars.', vector),
        ];
        index.setDocument('gifts.md', gifts());
        // No word of the question is in the article: only the vectors can find it.
        const q = 'can you make my present look nice';
        const embedding = { vector: axis(3), calibration: CALIBRATION };
        expect(index.search(q, 5, { embedding }).some((h) => h.chunk.path === 'gifts.md')).toBe(false);
        index.setVectors('gifts.md', gifts(axis(3)));
        index.setVectors('never-there.md', [chunk('never-there.md', 0, 'Ghost', [], 'Nothing.', axis(3))]);
        const hits = index.search(q, 5, { embedding });
        expect([hits[0].chunk.id, hits[0].chunk.text]).toEqual(['gifts.md#0', 'Wrapping costs four dollars.']);
        expect(hits.some((h) => h.chunk.path === 'never-there.md')).toBe(false);
        expect(index.chunkCount).toBe(5);
      });
    }
  });
}
