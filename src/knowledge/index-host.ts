import type { Chunk, SearchHit } from './chunk';
import type { KnowledgeIndex, Prefetched, QueryEmbedding } from './knowledge-index';

/**
 * Where the knowledge base keeps its index: in this thread (InProcessIndex) or on a thread of
 * its own (ThreadedIndex). Updates apply in the order they are made, and a search sees every
 * update made before it. Every implementation passes test/contracts/index-host.contract.ts.
 */
export interface IndexHost {
  setDocument(path: string, chunks: Chunk[]): void;
  /** See KnowledgeIndex.setVectors; ignored for a path not indexed. */
  setVectors(path: string, chunks: Chunk[]): void;
  removeDocument(path: string): void;
  /**
   * A search for `query` is coming: the part that needs no embedding may start now (it runs
   * while the question is embedded). Only a hint: `search` is right without it.
   */
  prefetch(query: string): void;
  search(query: string, k: number, embedding?: QueryEmbedding): Promise<SearchHit[]>;
  /** Resolves once every update made so far is searchable (at once for an index in this thread). */
  settled(): Promise<void>;
  readonly chunkCount: number;
  close(): Promise<void>;
}

/** Prefetches kept at most: a question never searched (its conversation was taken over) ages out. */
const MAX_PREFETCHED = 256;

/**
 * Searches' prefetched halves by question, bounded. Shared by both hosts: the in-process one
 * keeps them here, the index's thread keeps them there.
 */
export class PrefetchedQueries {
  private readonly byQuery = new Map<string, Prefetched>();

  constructor(private readonly index: KnowledgeIndex) {}

  add(query: string): void {
    if (!this.index.prefetch || this.byQuery.has(query)) return;
    if (this.byQuery.size >= MAX_PREFETCHED) this.byQuery.delete(this.byQuery.keys().next().value!);
    this.byQuery.set(query, this.index.prefetch(query));
  }

  /** The search, with the query's prefetched halves if there are any (the index does them itself otherwise, or again if it changed since). */
  search(query: string, k: number, embedding?: QueryEmbedding): SearchHit[] {
    const prefetched = this.byQuery.get(query);
    this.byQuery.delete(query);
    return this.index.search(query, k, { prefetched, embedding });
  }
}

/** The index on the server's own thread: what `RETRIEVAL_THREAD=0` runs, and the tests' indexes. */
export class InProcessIndex implements IndexHost {
  private readonly queries: PrefetchedQueries;

  constructor(readonly index: KnowledgeIndex) {
    this.queries = new PrefetchedQueries(index);
  }

  get chunkCount(): number {
    return this.index.chunkCount;
  }

  setDocument(path: string, chunks: Chunk[]): void {
    this.index.setDocument(path, chunks);
  }

  setVectors(path: string, chunks: Chunk[]): void {
    this.index.setVectors?.(path, chunks);
  }

  removeDocument(path: string): void {
    this.index.removeDocument(path);
  }

  prefetch(query: string): void {
    this.queries.add(query);
  }

  async search(query: string, k: number, embedding?: QueryEmbedding): Promise<SearchHit[]> {
    return this.queries.search(query, k, embedding);
  }

  async settled(): Promise<void> {}

  async close(): Promise<void> {}
}
