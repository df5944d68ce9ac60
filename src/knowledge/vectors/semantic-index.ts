import type { Chunk } from '../chunk';
import { chunkWords, type ChunkWords } from '../lexical/chunk-words';
import { words } from '../lexical/text-analysis';
import type { SentenceVectors } from './sentence-vector';
import { VectorMatrix, type VectorScores } from './vector-matrix';

/**
 * The word-vector half: one sentence vector per chunk (title, headings and text, weighted in
 * that order of importance), searched by brute-force cosine. Updates touch only the changed file.
 */
export class SemanticIndex {
  private readonly rows = new VectorMatrix();
  private readonly byPath = new Map<string, string[]>();

  constructor(private readonly sentences: SentenceVectors) {}

  /** `analysed`: the chunks' words, when the caller has them already (see chunkWords). */
  setDocument(path: string, chunks: Chunk[], analysed: ChunkWords[] = chunkWords(chunks)): void {
    this.removeDocument(path);
    const ids: string[] = [];
    for (const [i, c] of chunks.entries()) {
      const w = analysed[i];
      const v = this.sentences.embedWords([
        { words: w.title, weight: 3 },
        { words: w.headings, weight: 2 },
        { words: w.body, weight: 1 },
      ]);
      if (!v) continue;
      this.rows.put(c.id, v);
      ids.push(c.id);
    }
    this.byPath.set(path, ids);
  }

  removeDocument(path: string): void {
    for (const id of this.byPath.get(path) ?? []) this.rows.delete(id);
    this.byPath.delete(path);
  }

  /** The query's vector, or null when none of its words is known. */
  embedQuery(query: string): Float32Array | null {
    return this.sentences.embedWords([{ words: words(query), weight: 1 }]);
  }

  /** Every chunk's cosine similarity to the query vector (best first with `top`). */
  scan(q: Float32Array): VectorScores {
    return this.rows.scan(q);
  }
}
