import type { Chunk } from './chunk';
import { toPlainText } from './markdown-text';
import { dotProduct, type SentenceVectors } from './sentence-vector';

/**
 * The semantic half: one sentence vector per chunk (title, headings and text, weighted in that
 * order of importance), searched by brute-force cosine. At help-centre sizes (thousands of
 * chunks) that is a fraction of a millisecond and exact; updates touch only the changed file.
 */
export class SemanticIndex {
  private readonly vectors = new Map<string, Float32Array>();
  private readonly byPath = new Map<string, string[]>();

  constructor(private readonly sentences: SentenceVectors) {}

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
      this.vectors.set(c.id, v);
      ids.push(c.id);
    }
    this.byPath.set(path, ids);
  }

  removeDocument(path: string): void {
    for (const id of this.byPath.get(path) ?? []) this.vectors.delete(id);
    this.byPath.delete(path);
  }

  /** The query's vector, or null when none of its words is known. */
  embedQuery(query: string): Float32Array | null {
    return this.sentences.embed([{ text: query, weight: 1 }]);
  }

  /** Chunks by cosine similarity to the query vector, best first. */
  search(q: Float32Array, k: number): { id: string; cosine: number }[] {
    const top: { id: string; cosine: number }[] = [];
    for (const [id, v] of this.vectors) {
      const cosine = dotProduct(q, v);
      if (top.length < k) {
        top.push({ id, cosine });
        if (top.length === k) top.sort((a, b) => b.cosine - a.cosine);
      } else if (cosine > top[k - 1].cosine) {
        top[k - 1] = { id, cosine };
        top.sort((a, b) => b.cosine - a.cosine);
      }
    }
    return top.sort((a, b) => b.cosine - a.cosine);
  }

  cosine(q: Float32Array, chunkId: string): number | undefined {
    const v = this.vectors.get(chunkId);
    return v ? dotProduct(q, v) : undefined;
  }
}
