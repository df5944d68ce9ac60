import { STOP_WORDS, termOf } from '../lexical/text-analysis';
import { VectorMatrix } from './vector-matrix';
import type { WordVectors } from './word-vectors';

export interface Neighbour {
  word: string;
  similarity: number;
}

/** Neighbours fetched from the scan beyond those kept, for the word's own inflections to drop out. */
const SPARE = 16;

/**
 * For a word of a question, the knowledge base's own words that mean nearly the same in
 * general English ("parcel" -> package, shipment; "wipe" -> erase), by cosine similarity of
 * word vectors. The vocabulary follows the knowledge base as files change (reference counts).
 * A look-up scans every word of it exactly, in one pass of the SIMD kernel (VectorMatrix), so
 * no clustering has to be built or kept in step with edits. Rows hold the word vectors' int8
 * values, which VectorMatrix keeps unscaled, so every dot product is an exact integer. Answers
 * are memoised per word until the vocabulary changes.
 */
export class TermNeighbours {
  private readonly counts = new Map<string, number>();
  private readonly rows = new VectorMatrix();
  private readonly memo = new Map<string, Neighbour[]>();

  constructor(
    private readonly vectors: WordVectors,
    private readonly opts: { minSimilarity: number; perWord: number },
  ) {}

  /**
   * The distinct words (see text-analysis) this vocabulary takes: no stop words, digits or short words, and
   * known vectors.
   */
  vocabulary(ws: Iterable<string>): string[] {
    return [...new Set(ws)].filter(
      (w) => !STOP_WORDS.has(w) && w.length >= 3 && !/\d/.test(w) && this.vectors.rank(w) !== undefined,
    );
  }

  /** A document's {@link vocabulary} entering (+1) or leaving (-1) the knowledge base. */
  update(vocabulary: readonly string[], delta: 1 | -1): void {
    for (const w of vocabulary) {
      const n = (this.counts.get(w) ?? 0) + delta;
      if (n > 0) this.counts.set(w, n);
      else this.counts.delete(w);
      if (n === 1 && delta === 1) {
        this.memo.clear();
        this.rows.put(w, this.quantised(w)!);
      } else if (n === 0) {
        this.memo.clear();
        this.rows.delete(w);
      }
    }
  }

  /** Whether the knowledge base uses this word (as indexed for neighbours: no digits, 3+ letters). */
  has(word: string): boolean {
    return this.counts.has(word);
  }

  neighbours(word: string): Neighbour[] {
    const hit = this.memo.get(word);
    if (hit) return hit;
    const q = this.quantised(word);
    if (!q) return [];
    const own = termOf(word);
    const min = this.opts.minSimilarity * 127 * 127;
    const keep = this.opts.perWord;
    let best: Neighbour[] = [];
    for (let k = keep + SPARE; ; k *= 2) {
      const scanned = this.rows.nearest(q, k);
      best = scanned
        .filter((r) => r.cosine >= min && termOf(r.id) !== own) // the word itself, inflected: BM25 already has it
        .map((r) => ({ word: r.id, similarity: r.cosine / (127 * 127) }))
        // Ties (equal integer products) by word, so the answer does not depend on the order files loaded in.
        .sort((a, b) => b.similarity - a.similarity || (a.word < b.word ? -1 : 1))
        .slice(0, keep);
      // Done unless the scan stopped inside the run of words that could still be kept.
      const last = scanned[scanned.length - 1];
      if (
        scanned.length < k ||
        last.cosine < min ||
        (best.length === keep && last.cosine < best[keep - 1].similarity * 127 * 127)
      )
        break;
    }
    if (this.memo.size > 50_000) this.memo.clear();
    this.memo.set(word, best);
    return best;
  }

  /** The word's vector as the int8 values of the word-vector file would round it (x 127), in floats. */
  private quantised(word: string): Float32Array | null {
    const v = new Float32Array(this.vectors.dims);
    if (!this.vectors.addTo(v, word, 1)) return null;
    return v.map((x) => Math.round(x * 127));
  }
}
