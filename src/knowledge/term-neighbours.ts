import { STOP_WORDS, termOf, words } from './text-analysis';
import type { WordVectors } from './word-vectors';

export interface Neighbour {
  word: string;
  similarity: number;
}

/**
 * For a word of a question, the knowledge base's own words that mean nearly the same in
 * general English ("parcel" -> package, shipment; "wipe" -> erase), by cosine similarity of
 * word vectors. The vocabulary follows the knowledge base as files change (reference counts),
 * and answers are memoised per word until it changes.
 */
export class TermNeighbours {
  private readonly counts = new Map<string, number>();
  /** The vocabulary's unit vectors x 127 as int8: a quarter of the memory, so the scan stays in cache. */
  private matrix = new Int8Array(0);
  private vocab: string[] = [];
  private inVocab = new Set<string>();
  private dirty = true;
  private readonly memo = new Map<string, Neighbour[]>();

  constructor(
    private readonly vectors: WordVectors,
    private readonly opts: { minSimilarity: number; perWord: number },
  ) {}

  /** Words of a document entering (+1) or leaving (-1) the knowledge base. */
  update(text: string, delta: 1 | -1): void {
    for (const w of new Set(words(text))) {
      if (STOP_WORDS.has(w) || w.length < 3 || /\d/.test(w) || this.vectors.rank(w) === undefined) continue;
      const n = (this.counts.get(w) ?? 0) + delta;
      if (n > 0) this.counts.set(w, n);
      else this.counts.delete(w);
      if ((n === 1 && delta === 1) || n === 0) this.dirty = true;
    }
  }

  /** Whether the knowledge base uses this word (as indexed for neighbours: no digits, 3+ letters). */
  has(word: string): boolean {
    return this.counts.has(word);
  }

  neighbours(word: string): Neighbour[] {
    if (this.dirty) this.rebuild();
    const hit = this.memo.get(word);
    if (hit) return hit;
    const q = this.quantised(word);
    if (!q) return [];
    const own = termOf(word);
    const dims = this.vectors.dims;
    const found: Neighbour[] = [];
    const min = this.opts.minSimilarity * 127 * 127;
    const m = this.matrix;
    const n = this.vocab.length;
    for (let i = 0, off = 0; i < n; i++, off += dims) {
      // Unrolled by four: this scan is the cost of a word seen for the first time.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let d = 0;
      for (; d + 3 < dims; d += 4) {
        s0 += q[d] * m[off + d];
        s1 += q[d + 1] * m[off + d + 1];
        s2 += q[d + 2] * m[off + d + 2];
        s3 += q[d + 3] * m[off + d + 3];
      }
      for (; d < dims; d++) s0 += q[d] * m[off + d];
      const s = s0 + s1 + s2 + s3;
      if (s < min) continue;
      const w = this.vocab[i];
      if (termOf(w) === own) continue; // the word itself, inflected: BM25 already has it
      found.push({ word: w, similarity: s / (127 * 127) });
    }
    const best = found.sort((a, b) => b.similarity - a.similarity).slice(0, this.opts.perWord);
    if (this.memo.size > 50_000) this.memo.clear();
    this.memo.set(word, best);
    return best;
  }

  private rebuild(): void {
    const next = [...this.counts.keys()];
    this.dirty = false;
    // An edit usually keeps the same words (removed, then added back): keep matrix and memo.
    if (next.length === this.vocab.length && next.every((w) => this.inVocab.has(w))) return;
    this.vocab = next;
    this.inVocab = new Set(next);
    const dims = this.vectors.dims;
    this.matrix = new Int8Array(this.vocab.length * dims);
    this.vocab.forEach((w, i) => this.matrix.set(this.quantised(w)!, i * dims));
    this.memo.clear();
  }

  private quantised(word: string): Int8Array | null {
    const v = new Float32Array(this.vectors.dims);
    if (!this.vectors.addTo(v, word, 1)) return null;
    return Int8Array.from(v, (x) => Math.round(x * 127));
  }
}
