import type { Chunk, SearchHit } from './chunk';
import type { EmbeddingCalibration } from './embedders/embedder';
import type { Language } from './lexical/languages';

/** The question's vector from the embedder, with how that model's cosines are to be read. */
export interface QueryEmbedding {
  vector: Float32Array;
  calibration: EmbeddingCalibration;
}

export interface SearchOptions {
  embedding?: QueryEmbedding;
  language?: Language;
}

/**
 * A searchable, incrementally updatable set of chunks. Every implementation passes
 * test/contracts/knowledge-index.contract.ts. Calls are synchronous and in-memory: the answer
 * path must never wait on I/O or a rebuild.
 */
export interface KnowledgeIndex {
  /** Replaces every chunk of `path` with `chunks` (an update costs one document, not the index). */
  setDocument(path: string, chunks: Chunk[]): void;
  /**
   * Adds the embedder's vectors (`chunk.vectors`) of chunks already set for `path`, replacing
   * any it had; ignored for a path not indexed. Lets a first load index the words of a file
   * while its vectors are still being computed.
   */
  setVectors?(path: string, chunks: Chunk[]): void;
  /** Removes every chunk of `path`; unknown paths are ignored. */
  removeDocument(path: string): void;
  /**
   * Best chunks first, at most `k`; chunks that match nothing are never returned.
   * `embedding` is the question's vector from the embedder, for indexes that use chunk
   * vectors; others ignore it. `language` is the visitor's, when known: it decides a question
   * whose words could be in either of two languages the articles are written in.
   */
  search(query: string, k: number, opts?: SearchOptions): SearchHit[];
  /** Paths currently indexed. */
  paths(): string[];
  readonly chunkCount: number;
}
