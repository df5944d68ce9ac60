import type { Chunk } from '../../src/knowledge/chunk';
import type { KnowledgeIndex } from '../../src/knowledge/knowledge-index';

const chunk = (path: string, order: number, title: string, headings: string[], text: string): Chunk => ({
  id: `${path}#${order}`,
  path,
  title,
  headings,
  text,
  order,
});

const RETURNS = [
  chunk('returns.md', 0, 'Return policy', [], 'You can send products back within 30 days of delivery for a full refund.'),
  chunk('returns.md', 1, 'Return policy', ['Return shipping'], 'Return labels are prepaid and free in the United States.'),
];
const WIFI = [chunk('wifi.md', 0, 'Bulb will not connect to Wi-Fi', ['Check the network'], 'Bulbs need a 2.4 GHz network with WPA2 security.')];
const BILLING = [chunk('billing/pay.md', 0, 'Payment methods', [], 'We accept Visa, Mastercard, PayPal and gift cards.')];

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
      index.setDocument('wifi.md', [chunk('wifi.md', 0, 'Bulb will not connect to Wi-Fi', [], 'Use the Ethernet port on the hub instead.')]);
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

    // Optional: an index with nothing to do ahead of the question's embedding has no prefetch.
    if (make().prefetch) it('answers a search given a prefetch as without one, and never from a prefetch older than a change', () => {
      if (!index.prefetch) throw new Error('this index has no prefetch');
      const q = 'gift card payment';
      expect(index.search(q, 3, { prefetched: index.prefetch(q) })).toEqual(index.search(q, 3));
      const stale = index.prefetch(q);
      index.removeDocument('billing/pay.md');
      expect(index.search(q, 3, { prefetched: stale }).some((h) => h.chunk.path === 'billing/pay.md')).toBe(false);
      // Another question's prefetch is not used for this one.
      expect(index.search('refund', 3, { prefetched: index.prefetch(q) })[0].chunk.path).toBe('returns.md');
    });
  });
}
