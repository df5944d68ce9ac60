import type { Chunk } from '../chunk';
import { VectorMatrix } from './vector-matrix';

/** How a chunk's vector is keyed among its others: the chunk's id and the vector's place. */
const rowKey = (chunkId: string, i: number) => `${chunkId}\u0001${i}`;
const chunkOf = (row: string) => row.slice(0, row.lastIndexOf('\u0001'));

/**
 * The embedder's vectors of every chunk, several to a chunk (its title and headings, windows of
 * its text). A question is compared with every vector, and a chunk scores as its closest one.
 */
export class ChunkVectors {
  private readonly rows = new VectorMatrix();
  /** Row keys by document path, and by chunk id. */
  private readonly byPath = new Map<string, string[]>();
  private readonly byChunk = new Map<string, string[]>();

  /** Replaces the vectors of `path` with those of `chunks` (chunks without vectors add none). */
  set(path: string, chunks: Chunk[]): void {
    this.remove(path);
    const keys: string[] = [];
    for (const c of chunks) {
      const mine: string[] = [];
      for (const [i, v] of (c.vectors ?? []).entries()) {
        if (this.rows.put(rowKey(c.id, i), v)) mine.push(rowKey(c.id, i));
      }
      if (mine.length) this.byChunk.set(c.id, mine);
      keys.push(...mine);
    }
    if (keys.length) this.byPath.set(path, keys);
  }

  remove(path: string): void {
    for (const key of this.byPath.get(path) ?? []) {
      this.rows.delete(key);
      this.byChunk.delete(chunkOf(key));
    }
    this.byPath.delete(path);
  }

  /** Every chunk's closest cosine to `query`. */
  scan(query: Float32Array): {
    top(k: number): { id: string; cosine: number }[];
    of(chunkId: string): number | undefined;
  } {
    const scores = this.rows.scan(query);
    const byChunk = this.byChunk;
    return {
      top(k) {
        // Rows enough to hold k distinct chunks, unless a few chunks have many close windows.
        const best = new Map<string, number>();
        for (const { id, cosine } of scores.top(k * 4)) {
          const chunk = chunkOf(id);
          if (!best.has(chunk)) best.set(chunk, cosine);
          if (best.size === k) break;
        }
        return [...best].map(([id, cosine]) => ({ id, cosine }));
      },
      of(chunkId) {
        let max: number | undefined;
        for (const key of byChunk.get(chunkId) ?? []) {
          const s = scores.of(key);
          if (s !== undefined && (max === undefined || s > max)) max = s;
        }
        return max;
      },
    };
  }
}
