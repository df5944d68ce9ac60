import { STOP_WORDS, termOf, words } from './text-analysis';
import type { WordVectors } from './word-vectors';

/** Share of the clusters scanned for a word (the nearest ones). */
const PROBE_SHARE = 0.25;

export interface Neighbour {
  word: string;
  similarity: number;
}

/**
 * For a word of a question, the knowledge base's own words that mean nearly the same in
 * general English ("parcel" -> package, shipment; "wipe" -> erase), by cosine similarity of
 * word vectors. The vocabulary follows the knowledge base as files change (reference counts);
 * its vectors are int8 rows grouped by spherical k-means, so a look-up scans only the clusters
 * nearest the word, and an edit that brings a new word adds one row to its nearest cluster.
 * Answers are memoised per word until the vocabulary changes.
 */
export class TermNeighbours {
  private readonly counts = new Map<string, number>();
  private readonly rowOf = new Map<string, number>();
  private words: string[] = [];
  private alive: boolean[] = [];
  private matrix = new Int8Array(0);
  private rowCluster = new Int32Array(0);
  private centroids = new Float32Array(0);
  private members: Set<number>[] = [];
  private clusteredSize = 0;
  private aliveCount = 0;
  private readonly memo = new Map<string, Neighbour[]>();

  constructor(
    private readonly vectors: WordVectors,
    private readonly opts: { minSimilarity: number; perWord: number },
  ) {}

  /** The distinct words of a text this vocabulary takes: no stop words, digits or short words, and known vectors. */
  vocabulary(text: string): string[] {
    return [...new Set(words(text))].filter((w) => !STOP_WORDS.has(w) && w.length >= 3 && !/\d/.test(w) && this.vectors.rank(w) !== undefined);
  }

  /** A document's {@link vocabulary} entering (+1) or leaving (-1) the knowledge base. */
  update(vocabulary: readonly string[], delta: 1 | -1): void {
    for (const w of vocabulary) {
      const n = (this.counts.get(w) ?? 0) + delta;
      if (n > 0) this.counts.set(w, n);
      else this.counts.delete(w);
      if (n === 1 && delta === 1) this.addRow(w);
      else if (n === 0) this.removeRow(w);
    }
  }

  /** Clusters the vocabulary if it needs it (after the initial load). */
  prepare(): void {
    if (this.needsClustering()) this.cluster();
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
    if (this.needsClustering()) this.cluster();
    const own = termOf(word);
    const found: Neighbour[] = [];
    const min = this.opts.minSimilarity * 127 * 127;
    // Scan only the clusters nearest the word: a quarter of the vocabulary, nearly all its neighbours.
    for (const c of this.nearestClusters(q)) {
      for (const i of this.members[c]) {
        const s = this.dot(q, i);
        if (s < min) continue;
        const w = this.words[i];
        if (termOf(w) === own) continue; // the word itself, inflected: BM25 already has it
        found.push({ word: w, similarity: s / (127 * 127) });
      }
    }
    const best = found.sort((a, b) => b.similarity - a.similarity).slice(0, this.opts.perWord);
    if (this.memo.size > 50_000) this.memo.clear();
    this.memo.set(word, best);
    return best;
  }

  private addRow(w: string): void {
    this.memo.clear();
    this.aliveCount++;
    const dims = this.vectors.dims;
    let row = this.rowOf.get(w);
    if (row === undefined) {
      row = this.words.length;
      this.words.push(w);
      this.alive.push(true);
      this.rowOf.set(w, row);
      if ((row + 1) * dims > this.matrix.length) {
        const grown = new Int8Array(Math.max(1024 * dims, this.matrix.length * 2));
        grown.set(this.matrix);
        this.matrix = grown;
        const clusters = new Int32Array(grown.length / dims).fill(-1);
        clusters.set(this.rowCluster);
        this.rowCluster = clusters;
      }
      this.matrix.set(this.quantised(w)!, row * dims);
    }
    this.alive[row] = true;
    if (this.members.length) this.place(row);
  }

  private removeRow(w: string): void {
    const row = this.rowOf.get(w);
    if (row === undefined || !this.alive[row]) return;
    this.memo.clear();
    this.aliveCount--;
    this.alive[row] = false;
    const c = this.rowCluster[row];
    if (c >= 0) this.members[c]?.delete(row);
    this.rowCluster[row] = -1;
  }

  /** Int8 dot product of `q` with vocabulary row `i` (x 127 x 127). */
  private dot(q: Int8Array, i: number): number {
    return dotInt8(q, this.matrix, i * this.vectors.dims, this.vectors.dims);
  }

  private nearestClusters(q: Int8Array): number[] {
    const k = this.members.length;
    const scores: [number, number][] = [];
    for (let c = 0; c < k; c++) scores.push([c, this.centroidDot(q, c)]);
    return scores
      .sort((a, b) => b[1] - a[1])
      .slice(0, Math.max(1, Math.ceil(k * PROBE_SHARE)))
      .map(([c]) => c);
  }

  /** Int8 row `v[vOffset ..]` against centroid `c`. */
  private centroidDot(v: Int8Array, c: number, vOffset = 0): number {
    return dotInt8Float32(v, vOffset, this.centroids, c * this.vectors.dims, this.vectors.dims);
  }

  /** Clustered at the first look-up, and again when the vocabulary has grown or shrunk by half. */
  private needsClustering(): boolean {
    return this.aliveCount > 0 && (this.members.length === 0 || this.aliveCount > this.clusteredSize * 1.5 || this.aliveCount < this.clusteredSize / 1.5);
  }

  /** Spherical k-means, k = sqrt(vocabulary): a few passes, seeded with words evenly spaced in frequency order. */
  private cluster(): void {
    const dims = this.vectors.dims;
    // Rows in word-frequency order, not arrival order: files load in any order, and the seeds (so
    // the clusters, so the neighbours found) must not depend on it.
    const rank = (i: number) => this.vectors.rank(this.words[i]) ?? Number.MAX_SAFE_INTEGER;
    const rows = this.alive.flatMap((a, i) => (a ? [i] : [])).sort((a, b) => rank(a) - rank(b) || (this.words[a] < this.words[b] ? -1 : 1));
    const k = Math.max(1, Math.round(Math.sqrt(rows.length)));
    this.centroids = new Float32Array(k * dims);
    for (let c = 0; c < k; c++) {
      const r = rows[Math.floor((c * rows.length) / k)];
      for (let d = 0; d < dims; d++) this.centroids[c * dims + d] = this.matrix[r * dims + d];
    }
    for (let pass = 0; pass < 4; pass++) {
      this.assignAll(rows, k);
      this.centroids.fill(0);
      this.members.forEach((ids, c) => {
        for (const i of ids) for (let d = 0; d < dims; d++) this.centroids[c * dims + d] += this.matrix[i * dims + d];
      });
      for (let c = 0; c < k; c++) {
        let norm = 0;
        for (let d = 0; d < dims; d++) norm += this.centroids[c * dims + d] ** 2;
        norm = Math.sqrt(norm) || 1;
        for (let d = 0; d < dims; d++) this.centroids[c * dims + d] = (this.centroids[c * dims + d] / norm) * 127;
      }
    }
    this.assignAll(rows, k);
    this.clusteredSize = rows.length;
  }

  private assignAll(rows: number[], k: number): void {
    this.members = Array.from({ length: k }, () => new Set<number>());
    for (const r of rows) this.place(r);
  }

  /** Puts a row in its nearest cluster. */
  private place(row: number): void {
    const dims = this.vectors.dims;
    let best = 0;
    let bestScore = -Infinity;
    for (let c = 0; c < this.members.length; c++) {
      const s = this.centroidDot(this.matrix, c, row * dims);
      if (s > bestScore) {
        best = c;
        bestScore = s;
      }
    }
    this.members[best].add(row);
    this.rowCluster[row] = best;
  }

  private quantised(word: string): Int8Array | null {
    const v = new Float32Array(this.vectors.dims);
    if (!this.vectors.addTo(v, word, 1)) return null;
    return Int8Array.from(v, (x) => Math.round(x * 127));
  }
}

/**
 * `a[aOff ..] . b[bOff ..]`, int8 by float32, unrolled by four: the k-means (every word against
 * every centroid, five passes) is most of the index's `prepare`. With an ArrayLike parameter
 * V8 compiled it for two array types, and clustering the Arduino corpus's vocabulary took
 * 330-375 ms instead of 200.
 */
function dotInt8Float32(a: Int8Array, aOff: number, b: Float32Array, bOff: number, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dims; d += 4) {
    s0 += a[aOff + d] * b[bOff + d];
    s1 += a[aOff + d + 1] * b[bOff + d + 1];
    s2 += a[aOff + d + 2] * b[bOff + d + 2];
    s3 += a[aOff + d + 3] * b[bOff + d + 3];
  }
  for (; d < dims; d++) s0 += a[aOff + d] * b[bOff + d];
  return s0 + s1 + s2 + s3;
}

/** `q . m[off .. off + dims)` over int8 rows, unrolled by four: most of a first-time look-up. */
function dotInt8(q: Int8Array, m: Int8Array, off: number, dims: number): number {
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
  return s0 + s1 + s2 + s3;
}
