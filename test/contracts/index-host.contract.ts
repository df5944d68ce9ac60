import type { Chunk } from '../../src/knowledge/chunk';
import type { IndexHost } from '../../src/knowledge/index-host';
import type { EmbeddingCalibration } from '../../src/knowledge/embedder';

const chunk = (path: string, order: number, title: string, text: string, vector?: Float32Array): Chunk => ({ id: `${path}#${order}`, path, title, headings: [], text, order, vector });

/** A unit vector along axis `i` (a stand-in embedding: chunks and questions that share it match). */
const axis = (i: number) => {
  const v = new Float32Array(16);
  v[i] = 1;
  return v;
};
const CALIBRATION: EmbeddingCalibration = { floor: 0.3, match: 0.3, confidenceFloor: 0.55, confidenceWeight: 1, weight: 2 };

const returns = () => [
  chunk('returns.md', 0, 'Return policy', 'You can send products back within 30 days of delivery for a full refund.'),
  chunk('returns.md', 1, 'Return policy', 'Return labels are prepaid and free in the United States.'),
];
const wifi = () => [chunk('wifi.md', 0, 'Bulb will not connect to Wi-Fi', 'Bulbs need a 2.4 GHz network with WPA2 security.')];
const billing = () => [chunk('billing/pay.md', 0, 'Payment methods', 'We accept Visa, Mastercard, PayPal and gift cards.')];

/**
 * The behaviour every IndexHost must have. `make` returns a fresh, empty host; `semantic` says
 * whether its index reads chunk vectors (a lexical one ignores them).
 */
export function indexHostContract(name: string, make: () => IndexHost, opts: { semantic: boolean }): void {
  describe(`IndexHost contract: ${name}`, () => {
    let host: IndexHost;
    beforeEach(() => {
      host = make();
      host.setDocument('returns.md', returns());
      host.setDocument('wifi.md', wifi());
      host.setDocument('billing/pay.md', billing());
    });
    afterEach(() => host.close());

    it('finds what answers a question, with the chunk as it was given', async () => {
      const [top] = await host.search('How many days do I have to return a product?', 3);
      expect(top.chunk).toEqual(returns()[0]);
      expect(top.score).toBeGreaterThan(0.5);
      expect(top.score).toBeLessThanOrEqual(1);
      expect(host.chunkCount).toBe(4);
    });

    it('applies updates in the order they were made: a search sees every one made before it', async () => {
      // No await between them: the updates and the search are queued together.
      host.setDocument('wifi.md', [chunk('wifi.md', 0, 'Bulb will not connect to Wi-Fi', 'Use the Ethernet port on the hub instead.')]);
      host.removeDocument('billing/pay.md');
      host.setDocument('billing/pay.md', [chunk('billing/pay.md', 0, 'Payment methods', 'We accept bank transfers only.')]);
      host.removeDocument('never-there.md');
      const [wpa, ethernet, paypal, transfer] = await Promise.all([host.search('WPA2', 3), host.search('ethernet', 3), host.search('paypal', 3), host.search('bank transfer', 3)]);
      // A semantic index may still return a passage similar in meaning, but never the replaced text.
      expect(wpa.some((h) => h.chunk.text.includes('WPA2'))).toBe(false);
      expect(ethernet[0].chunk.path).toBe('wifi.md');
      expect(paypal.some((h) => h.chunk.text.includes('PayPal'))).toBe(false);
      expect(transfer[0].chunk.text).toBe('We accept bank transfers only.');
      expect(host.chunkCount).toBe(4);
      host.removeDocument('returns.md');
      expect((await host.search('refund', 5)).some((h) => h.chunk.path === 'returns.md')).toBe(false);
      expect(host.chunkCount).toBe(2);
    });

    it('answers the same with a prefetch as without, and never from one older than a change', async () => {
      const q = 'gift card payment';
      const plain = await host.search(q, 3);
      host.prefetch(q);
      expect(await host.search(q, 3)).toEqual(plain);
      host.prefetch(q);
      host.removeDocument('billing/pay.md');
      expect((await host.search(q, 3)).some((h) => h.chunk.path === 'billing/pay.md')).toBe(false);
      // Another question's prefetch is not used for this one.
      host.prefetch(q);
      expect((await host.search('refund', 3))[0].chunk.path).toBe('returns.md');
    });

    it('is settled only once everything asked before is done', async () => {
      host.setDocument('hours.md', [chunk('hours.md', 0, 'Opening hours', 'The shop opens at nine on weekdays.')]);
      let found: string | undefined;
      void host.search('when does the shop open', 1).then((hits) => (found = hits[0]?.chunk.path));
      await host.settled();
      expect(found).toBe('hours.md');
    });

    if (opts.semantic) {
      it("finds a chunk through its vector, added after its words, and ignores vectors for a path it lacks", async () => {
        host.setDocument('gifts.md', [chunk('gifts.md', 0, 'Gift wrapping', 'Wrapping costs four dollars.')]);
        // No word of the question is in the article: only the vectors can find it.
        const q = 'can you make my present look nice';
        expect((await host.search(q, 5, { vector: axis(3), calibration: CALIBRATION })).some((h) => h.chunk.path === 'gifts.md')).toBe(false);
        host.setVectors('gifts.md', [chunk('gifts.md', 0, 'Gift wrapping', 'Wrapping costs four dollars.', axis(3))]);
        host.setVectors('never-there.md', [chunk('never-there.md', 0, 'Ghost', 'Nothing.', axis(3))]);
        const hits = await host.search(q, 5, { vector: axis(3), calibration: CALIBRATION });
        expect([hits[0].chunk.id, hits[0].chunk.text]).toEqual(['gifts.md#0', 'Wrapping costs four dollars.']);
        expect(hits.some((h) => h.chunk.path === 'never-there.md')).toBe(false);
        expect(host.chunkCount).toBe(5);
      });
    }
  });
}
