/** One knowledge file as loaded: front matter resolved, body kept as written. */
export interface KnowledgeDocument {
  /** Relative to the knowledge folder, always with `/` separators. */
  path: string;
  title: string;
  url?: string;
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
  /** Its embedding from a configured embeddings endpoint, when there is one (unit length). */
  vector?: Float32Array;
}

/** A chunk found for a query. */
export interface SearchHit {
  chunk: Chunk;
  /** Confidence in [0, 1]: the share of the query's weight that this passage matches. */
  score: number;
  /** The raw ranking score of the index (comparable within one query only). */
  rank: number;
}

/** The heading path as one line, for sources and prompts. */
export function headingOf(chunk: Chunk): string | undefined {
  return chunk.headings.length ? chunk.headings.join(' › ') : undefined;
}
