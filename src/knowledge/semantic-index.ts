import type { Chunk } from './chunk';
import { dotAt } from './dot-product';
import { toPlainText } from './markdown-text';
import type { SentenceVectors } from './sentence-vector';

/**
 * The semantic half: one sentence vector per chunk (title, headings and text, weighted in that
 * order of importance), searched by brute-force cosine. The vectors are rows of one Float32Array
 * (a freed row is reused by the next chunk), so a search is one pass over contiguous memory:
 * exact, and about a millisecond per 10,000 chunks. Updates touch only the changed file.
 */
export class SemanticIndex {
  private readonly dims: number;
  private matrix = new Float32Array(0);
  private ids: (string | undefined)[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly free: number[] = [];
  private readonly byPath = new Map<string, string[]>();

  constructor(private readonly sentences: SentenceVectors) {
    this.dims = sentences.words.dims;
  }

  setDocument(path: string, chunks: Chunk[]): void {
    this.removeDocument(path);
    const ids: string[] = [];
    for (const c of chunks) {
      const v = this.sentences.embed([
        { text: c.title, weight: 3 },
        { text: c.headings.join(' '), weight: 2 },
        { text: toPlainText(c.text), weight: 1 },
      ]);
      if (!v) continue;
      this.put(c.id, v);
      ids.push(c.id);
    }
    this.byPath.set(path, ids);
  }

  removeDocument(path: string): void {
    for (const id of this.byPath.get(path) ?? []) {
      const row = this.rowOf.get(id);
      if (row === undefined) continue;
      this.rowOf.delete(id);
      this.ids[row] = undefined;
      this.free.push(row);
    }
    this.byPath.delete(path);
  }

  /** The query's vector, or null when none of its words is known. */
  embedQuery(query: string): Float32Array | null {
    return this.sentences.embed([{ text: query, weight: 1 }]);
  }

  /** Chunks by cosine similarity to the query vector, best first. */
  search(q: Float32Array, k: number): { id: string; cosine: number }[] {
    const dims = this.dims;
    const m = this.matrix;
    const top: { row: number; cosine: number }[] = [];
    let floor = -Infinity;
    for (let row = 0; row < this.ids.length; row++) {
      if (this.ids[row] === undefined) continue;
      const s = dotAt(q, m, row * dims, dims);
      if (top.length === k && s <= floor) continue;
      // Insertion into a short sorted list: k is tens, the rows thousands.
      let i = top.length < k ? top.length : k - 1;
      if (top.length < k) top.push({ row, cosine: s });
      while (i > 0 && top[i - 1].cosine < s) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = { row, cosine: s };
      if (top.length === k) floor = top[k - 1].cosine;
    }
    return top.map((t) => ({ id: this.ids[t.row]!, cosine: t.cosine }));
  }

  cosine(q: Float32Array, chunkId: string): number | undefined {
    const row = this.rowOf.get(chunkId);
    if (row === undefined) return undefined;
    return dotAt(q, this.matrix, row * this.dims, this.dims);
  }

  private put(id: string, v: Float32Array): void {
    let row = this.free.pop();
    if (row === undefined) {
      row = this.ids.length;
      this.ids.push(undefined);
      if (this.ids.length * this.dims > this.matrix.length) {
        const grown = new Float32Array(Math.max(1024 * this.dims, this.matrix.length * 2));
        grown.set(this.matrix);
        this.matrix = grown;
      }
    }
    this.matrix.set(v, row * this.dims);
    this.ids[row] = id;
    this.rowOf.set(id, row);
  }
}

