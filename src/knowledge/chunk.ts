import type { Language } from './lexical/languages';

/** One knowledge file as loaded: front matter resolved, body kept as written. */
export interface KnowledgeDocument {
  /** Relative to the knowledge folder, always with `/` separators. */
  path: string;
  title: string;
  url?: string;
  /** Front matter `description`: a summary that is indexed with the article's opening section. */
  description?: string;
  /** Front matter `lang` (a BCP 47 tag we analyse); else told from its words when split. */
  lang?: Language;
  /** Content hash: changes whenever the file's bytes change. */
  version: string;
  body: string;
  bytes: number;
  updatedAt: string;
}

/** A retrievable passage: one heading section (or part of a long one) of a document. */
export interface Chunk {
  /** `path#n`: stable while the document is unchanged. */
  id: string;
  path: string;
  title: string;
  url?: string;
  /** The heading path, outermost first; empty for text before the first heading. */
  headings: string[];
  /** The section's Markdown as shown to visitors (HTML and images removed). */
  text: string;
  /** Position of the chunk in its document. */
  order: number;
  /** The language its words are stemmed in (its document's); English when unset. */
  lang?: Language;
  /** The embedder's vectors of it (unit length), one per text the embedder reads of it (see Embedder.chunkTexts). */
  vectors?: Float32Array[];
}

/** A chunk found for a query. */
export interface SearchHit {
  chunk: Chunk;
  /** Confidence in [0, 1]: the share of the query's weight that this passage matches. */
  score: number;
  /** The raw ranking score of the index (comparable within one query only). */
  rank: number;
  /** What the confidence was made of, for tuning the decline decision (`npm run eval`). */
  signals?: HitSignals;
}

/** The parts of a hit's confidence, each comparable across questions and knowledge bases. */
export interface HitSignals {
  /** IDF-weighted share of the question's words the passage and its article contain. */
  coverage: number;
  /** The embedder's cosine between the question and the passage (its closest vector). */
  semantic?: number;
  /** The same question's cosine with a typical passage of this knowledge base (see HybridIndex). */
  background?: number;
  /** The word vectors' sentence cosine between the question and the passage. */
  words?: number;
}

/** The heading path as one line, for sources and prompts. */
export function headingOf(chunk: Chunk): string | undefined {
  return chunk.headings.length ? chunk.headings.join(' › ') : undefined;
}
