import { words } from '../lexical/text-analysis';
import { TermNeighbours } from './term-neighbours';
import { WordVectors } from './word-vectors';
import { DEFAULT_WORD_VECTORS_FILE } from './word-vectors-file';

describe('TermNeighbours (near-synonyms from the knowledge base’s own words)', () => {
  const vectors = WordVectors.load(DEFAULT_WORD_VECTORS_FILE);
  const text =
    'Erase the memory, remove old files, delete the account. Shipping and delivery by courier; packages, parcels and shipments are tracked. Refunds, returns, payments and invoices. Deleting removes everything.';
  const make = (order: 1 | -1 = 1) => {
    const n = new TermNeighbours(vectors, { minSimilarity: 0.5, perWord: 3 });
    const vocabulary = n.vocabulary(words(text));
    n.update(order === 1 ? vocabulary : [...vocabulary].reverse(), 1);
    return n;
  };

  it('finds the knowledge base’s words nearest a question word, best first, above the floor', () => {
    const found = make().neighbours('wipe');
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((n) => n.word)).toContain('erase');
    for (let i = 1; i < found.length; i++) expect(found[i - 1].similarity).toBeGreaterThanOrEqual(found[i].similarity);
    for (const n of found) expect(n.similarity).toBeGreaterThanOrEqual(0.5);
  });

  it('scans every word exactly: the same answer as comparing the word with each one by hand', () => {
    const n = make();
    const vocabulary = n.vocabulary(words(text));
    const q = new Float32Array(vectors.dims);
    vectors.addTo(q, 'payment', 1);
    const round = (v: Float32Array) => v.map((x) => Math.round(x * 127));
    const qi = round(q);
    const expected = vocabulary
      .filter((w) => w !== 'payments')
      .map((w) => {
        const v = new Float32Array(vectors.dims);
        vectors.addTo(v, w, 1);
        const vi = round(v);
        let s = 0;
        for (let d = 0; d < vectors.dims; d++) s += qi[d] * vi[d];
        return { word: w, similarity: s / (127 * 127) };
      })
      .filter((x) => x.similarity >= 0.5)
      .sort((a, b) => b.similarity - a.similarity || (a.word < b.word ? -1 : 1))
      .slice(0, 3);
    expect(expected).toHaveLength(3);
    expect(n.neighbours('payment')).toEqual(expected);
  });

  it('never offers the word itself or its inflections, and does not depend on the order words arrived in', () => {
    const forward = make(1).neighbours('removing');
    expect(forward.map((n) => n.word)).toEqual(['deleting']); // not remove, removes
    const payment = make(1).neighbours('payment');
    expect(payment.map((n) => n.word)).not.toContain('payments');
    expect(make(-1).neighbours('payment')).toEqual(payment);
  });

  it('forgets a word when the last document using it leaves', () => {
    const n = make();
    expect(n.neighbours('wipe').map((x) => x.word)).toContain('erase');
    n.update(['erase'], -1);
    expect(n.has('erase')).toBe(false);
    expect(n.neighbours('wipe').map((x) => x.word)).not.toContain('erase');
  });
});
