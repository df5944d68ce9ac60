import type { Chunk, SearchHit } from './chunk';

/**
 * A searchable, incrementally updatable set of chunks. Every implementation passes
 * test/contracts/knowledge-index.contract.ts. Calls are synchronous and in-memory: the answer
 * path must never wait on I/O or a rebuild.
 */
export interface KnowledgeIndex {
  /** Replaces every chunk of `path` with `chunks` (an update costs one document, not the index). */
  setDocument(path: string, chunks: Chunk[]): void;
  /** Removes every chunk of `path`; unknown paths are ignored. */
  removeDocument(path: string): void;
  /**
   * Best chunks first, at most `k`; chunks that match nothing are never returned.
   * `queryVector` is the question's embedding from the configured endpoint, for indexes that
   * use chunk vectors; others ignore it.
   */
  search(query: string, k: number, opts?: { queryVector?: Float32Array }): SearchHit[];
  /** Called once the initial load is done: build whatever is cheaper to build once than per change. */
  prepare?(): void;
  /** Paths currently indexed. */
  paths(): string[];
  readonly chunkCount: number;
}
