import type { Chunk } from '../chunk';
import type { Language } from '../lexical/languages';
import { VectorCache } from './vector-cache';

/**
 * How one model's cosines enter retrieval. Models differ: unrelated texts sit near 0.3 under
 * the local sentence encoder and near 0.1 under text-embedding-3.
 */
export interface EmbeddingCalibration {
  /** Cosine from which similarity counts in the ranking (mapped to 0..1 above it). */
  floor: number;
  /** Cosine a chunk needs to be returned on similarity alone, with no word in common. */
  match: number;
  /**
   * Similarity adds to the confidence (the decline decision) only where the passage stands out
   * from the knowledge base for this question: by more than this cosine above the question's
   * background (see HybridIndex)...
   */
  confidenceFloor: number;
  /** ...by this much per unit of cosine beyond it. */
  confidenceWeight: number;
  /** Weight in the ranking, against BM25 relative to the best hit (1). */
  weight: number;
  /**
   * The languages the model reads; every language when unset. Its cosines between texts in
   * another language are noise, so a question in one is matched by its words alone.
   */
  languages?: readonly Language[];
}

export interface EmbedOptions {
  signal?: AbortSignal;
  /**
   * Work that may wait (a first load's whole knowledge base): a question, or an edit an agent
   * is waiting for, goes before it.
   */
  background?: boolean;
}

/**
 * Turns texts into unit vectors for the semantic half of retrieval: the local sentence encoder
 * by default, or an OpenAI-compatible embeddings endpoint when one is configured.
 */
export interface Embedder {
  readonly model: string;
  readonly calibration: EmbeddingCalibration;
  /**
   * What of a chunk this model embeds: one text or several (its title and headings, windows of
   * its text); a question is compared with each, and the closest one counts.
   */
  chunkTexts(chunk: Pick<Chunk, 'title' | 'headings' | 'text'>): string[];
  /** Knowledge texts: cached on disk by content, so a restart embeds nothing again. */
  embed(texts: string[], opts?: EmbedOptions): Promise<Float32Array[]>;
  /** A visitor's question: never written to disk. */
  embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array | null>;
  /** Runs in this process: a call costs CPU time only, no network and no bill. */
  readonly local: boolean;
  /** Calls off background work and resolves once none is running (before a process exits). */
  close?(): Promise<void>;
}

/**
 * What every embedder shares: knowledge texts go through the disk cache, and only the ones it
 * lacks reach the model (`compute`).
 */
export abstract class CachingEmbedder implements Embedder {
  abstract readonly calibration: EmbeddingCalibration;
  abstract readonly local: boolean;
  private readonly cache: VectorCache;

  protected constructor(
    readonly model: string,
    dataDir: string,
  ) {
    this.cache = new VectorCache(model, dataDir);
  }

  abstract chunkTexts(chunk: Pick<Chunk, 'title' | 'headings' | 'text'>): string[];
  abstract embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array | null>;

  /** Whether the disk cache holds nothing yet (a first start). */
  protected get nothingCached(): boolean {
    return this.cache.empty;
  }

  embed(texts: string[], opts: EmbedOptions = {}): Promise<Float32Array[]> {
    return this.cache.through(texts, (missing) => this.compute(missing, opts));
  }

  /** Vectors of distinct texts the cache does not have, in their order. */
  protected abstract compute(texts: string[], opts: EmbedOptions): Promise<Float32Array[]>;
}

/** `v` scaled to unit length, in place. */
export function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}
