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
  private matrix = new Float32Array(0);
  private vocab: string[] = [];
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

  neighbours(word: string): Neighbour[] {
    if (this.dirty) this.rebuild();
    const hit = this.memo.get(word);
    if (hit) return hit;
    const q = new Float32Array(this.vectors.dims);
    if (!this.vectors.addTo(q, word, 1)) return [];
    const own = termOf(word);
    const dims = this.vectors.dims;
    const found: Neighbour[] = [];
    for (let i = 0; i < this.vocab.length; i++) {
      let s = 0;
      const off = i * dims;
      for (let d = 0; d < dims; d++) s += q[d] * this.matrix[off + d];
      if (s < this.opts.minSimilarity) continue;
      const w = this.vocab[i];
      if (termOf(w) === own) continue; // the word itself, inflected: BM25 already has it
      found.push({ word: w, similarity: s });
    }
    const best = found.sort((a, b) => b.similarity - a.similarity).slice(0, this.opts.perWord);
    if (this.memo.size > 50_000) this.memo.clear();
    this.memo.set(word, best);
    return best;
  }

  private rebuild(): void {
    this.vocab = [...this.counts.keys()];
    const dims = this.vectors.dims;
    this.matrix = new Float32Array(this.vocab.length * dims);
    const v = new Float32Array(dims);
    this.vocab.forEach((w, i) => {
      v.fill(0);
      this.vectors.addTo(v, w, 1);
      this.matrix.set(v, i * dims);
    });
    this.memo.clear();
    this.dirty = false;
  }
}
