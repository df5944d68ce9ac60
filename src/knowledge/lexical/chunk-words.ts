import type { Chunk } from '../chunk';
import { toPlainText } from '../documents/markdown-text';
import { words } from './text-analysis';

/** A chunk's words by field, as the tokenizer gives them (nothing removed). */
export interface ChunkWords {
  title: string[];
  /** Its heading path's words; `hasHeadings` is false for an article's opening section. */
  headings: string[];
  hasHeadings: boolean;
  /** The text's words, Markdown syntax (link targets, emphasis) left out. */
  body: string[];
}

/**
 * Each chunk tokenized once, for every part of an index that reads its words (BM25 fields,
 * sentence vectors, the near-synonym vocabulary): tokenizing and plain-texting each chunk three
 * times was a fifth of the server's own work at a first start.
 */
export function chunkWords(chunks: readonly Chunk[]): ChunkWords[] {
  return chunks.map((c) => {
    const headings = c.headings.join(' ');
    return {
      title: words(c.title),
      headings: words(headings),
      hasHeadings: headings !== '',
      body: words(toPlainText(c.text)),
    };
  });
}
