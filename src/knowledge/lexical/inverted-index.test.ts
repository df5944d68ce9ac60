import { editDistanceWithin } from './edit-distance';
import { InvertedIndex, type IndexedField } from './inverted-index';

const field = (text: string): IndexedField => ({
  terms: text.split(' ').filter(Boolean),
  length: new Set(text.split(' ').filter(Boolean)).size,
});
const entry = (title: string, text: string) => [field(title), field(text)];

describe('InvertedIndex', () => {
  it('scores by per-field BM25+ with field boosts, times the number of query terms matched', () => {
    const index = new InvertedIndex([2, 1]);
    index.add('a', entry('router reset', 'hold the button'));
    index.add('b', entry('shipping', 'router parcel parcel'));
    index.add('c', entry('returns', 'label printer'));
    // By hand: N = 3; "router" is in one title (df 1) and one text (df 1); idf = ln(1 + 2.5/1.5).
    const idf = Math.log(1 + (3 - 1 + 0.5) / (1 + 0.5));
    const bm25 = (tf: number, len: number, avg: number) =>
      0.5 + (tf * 2.2) / (tf + 1.2 * (1 - 0.7 + (0.7 * len) / avg));
    const avgTitle = (2 + 1 + 1) / 3;
    const avgText = (3 + 2 + 2) / 3;
    const [first, second] = index.search([{ term: 'router', weight: 1 }], 10).entries;
    expect(first.key).toBe('a');
    expect(first.score).toBeCloseTo(2 * idf * bm25(1, 2, avgTitle), 10);
    expect(second.key).toBe('b');
    expect(second.score).toBeCloseTo(idf * bm25(1, 2, avgText), 10);

    // Two query terms: an entry matching both counts its sum twice.
    const { entries: both, derived } = index.search(
      [
        { term: 'router', weight: 1 },
        { term: 'parcel', weight: 0.5 },
      ],
      10,
    );
    const parcelIdf = idf;
    expect(both[0].key).toBe('b');
    expect(both[0].score).toBeCloseTo(2 * (idf * bm25(1, 2, avgText) + 0.5 * parcelIdf * bm25(2, 2, avgText)), 10);
    expect(both[1].key).toBe('a');
    expect(derived).toEqual([['router'], ['parcel']]);
  });

  it('returns the k best, best first, and nothing for unknown terms', () => {
    const index = new InvertedIndex([1]);
    for (let i = 0; i < 30; i++) index.add(`e${i}`, [field(`${'lamp '.repeat(i + 1)}filler${i}`)]);
    const top = index.search([{ term: 'lamp', weight: 1 }], 5).entries;
    expect(top).toHaveLength(5);
    expect(top.map((h) => h.score)).toEqual([...top.map((h) => h.score)].sort((a, b) => b - a));
    expect(top[0].key).toBe('e29'); // the most repetitions
    expect(index.search([{ term: 'zebra', weight: 1 }], 5)).toEqual({ entries: [], derived: [[]] });
  });

  it('matches a typo only when asked, at less than an exact match', () => {
    const index = new InvertedIndex([1]);
    index.add('a', [field('firmware update')]);
    index.add('b', [field('firmware firmware')]);
    expect(index.search([{ term: 'firmwre', weight: 1 }], 5).entries).toEqual([]);
    const { entries: fuzzy, derived } = index.search([{ term: 'firmwre', weight: 1, maxEdits: 1 }], 5);
    expect(fuzzy.map((h) => h.key)).toEqual(['b', 'a']);
    expect(derived).toEqual([['firmware']]);
    const exact = index.search([{ term: 'firmware', weight: 1 }], 5).entries;
    expect(fuzzy[0].score).toBeLessThan(exact[0].score * 0.5);
    expect(index.similarTerms('firmwre', 1)).toEqual([['firmware', 1]]);
  });

  it('after any mix of adds, replacements and removals, scores exactly as an index built fresh', () => {
    // A seeded generator: the same "random" edits on every run.
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const vocabulary = ['lamp', 'bulb', 'wifi', 'reset', 'order', 'refund', 'parcel', 'hub', 'app', 'colour'];
    const text = () =>
      Array.from({ length: 2 + Math.floor(rand() * 8) }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(
        ' ',
      );
    const live = new Map<string, IndexedField[]>();
    const index = new InvertedIndex([2.5, 1]);
    // Enough removals to make dead slots outnumber live ones several times over (renumbering).
    for (let step = 0; step < 6000; step++) {
      const key = `doc${Math.floor(rand() * 300)}`;
      if (rand() < 0.3) {
        index.remove(key);
        live.delete(key);
      } else {
        const fields = entry(text(), text());
        index.add(key, fields);
        live.set(key, fields);
      }
    }
    const fresh = new InvertedIndex([2.5, 1]);
    for (const [key, fields] of live) fresh.add(key, fields);
    expect(index.size).toBe(live.size);
    for (const terms of [['lamp'], ['wifi', 'reset'], ['order', 'refund', 'parcel'], ['hub', 'zebra']]) {
      const query = terms.map((term) => ({ term, weight: 1 }));
      const a = index
        .search(query, 400)
        .entries.map((h) => [h.key, h.score.toFixed(9)])
        .sort();
      const b = fresh
        .search(query, 400)
        .entries.map((h) => [h.key, h.score.toFixed(9)])
        .sort();
      expect(a).toEqual(b);
      expect(index.entriesWith(terms[0])).toBe(fresh.entriesWith(terms[0]));
    }
    expect(index.search([{ term: 'lamp', weight: 1 }], 400).entries.every((h) => live.has(h.key))).toBe(true);
  });
});

describe('editDistanceWithin', () => {
  it('gives the Levenshtein distance up to the bound, else undefined', () => {
    expect(editDistanceWithin('kitten', 'sitting', 3)).toBe(3);
    expect(editDistanceWithin('kitten', 'sitting', 2)).toBeUndefined();
    expect(editDistanceWithin('firmware', 'firmwre', 1)).toBe(1);
    expect(editDistanceWithin('same', 'same', 0)).toBe(0);
    expect(editDistanceWithin('ab', 'abcd', 1)).toBeUndefined();
  });
});
