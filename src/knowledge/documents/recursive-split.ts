/**
 * Markdown-aware recursive splitting, the algorithm of LangChain's RecursiveCharacterTextSplitter
 * for Markdown (its output, chunk for chunk: see recursive-split.test.ts), written here because
 * importing @langchain/textsplitters loads LangChain's runnables, tracers and zod at every
 * start, for a few dozen lines of string handling (see docs/decisions/markdown-splitter.md).
 *
 * A text is cut at the first separator it contains (headings before blank lines before lines
 * before spaces), the separator kept at the start of the piece that follows it; pieces still
 * too long are cut at the next separators, and neighbouring pieces are merged back up to
 * `size` characters, each chunk starting with up to `overlap` characters of the one before.
 */
const MARKDOWN_SEPARATORS = [
  '\n## ',
  '\n### ',
  '\n#### ',
  '\n##### ',
  '\n###### ',
  '```\n\n',
  '\n\n***\n\n',
  '\n\n---\n\n',
  '\n\n___\n\n',
  '\n\n',
  '\n',
  ' ',
  '',
];

export function splitMarkdown(text: string, size: number, overlap: number): string[] {
  if (overlap >= size) throw new RangeError('overlap must be smaller than size');
  return split(text, MARKDOWN_SEPARATORS, size, overlap);
}

function split(text: string, separators: readonly string[], size: number, overlap: number): string[] {
  const at = separators.findIndex((s) => s === '' || text.includes(s));
  const separator = separators[at];
  const rest = separator === '' ? undefined : separators.slice(at + 1);
  const pieces = (separator ? text.split(new RegExp(`(?=${escapeRegExp(separator)})`)) : [...text]).filter(
    (s) => s !== '',
  );
  const chunks: string[] = [];
  let short: string[] = [];
  for (const piece of pieces) {
    if (piece.length < size) {
      short.push(piece);
      continue;
    }
    if (short.length) chunks.push(...merge(short, size, overlap));
    short = [];
    chunks.push(...(rest ? split(piece, rest, size, overlap) : [piece]));
  }
  if (short.length) chunks.push(...merge(short, size, overlap));
  return chunks;
}

/**
 * Joins pieces into chunks of at most `size` characters, each starting with the last pieces of the previous one
 * (up to `overlap`).
 */
function merge(pieces: string[], size: number, overlap: number): string[] {
  const chunks: string[] = [];
  const current: string[] = [];
  let total = 0;
  const flush = () => {
    const chunk = current.join('').trim();
    if (chunk !== '') chunks.push(chunk);
  };
  for (const piece of pieces) {
    if (total + piece.length > size && current.length > 0) {
      flush();
      while (total > overlap || (total + piece.length > size && total > 0)) total -= current.shift()!.length;
    }
    current.push(piece);
    total += piece.length;
  }
  flush();
  return chunks;
}

function escapeRegExp(s: string): string {
  return s.replace(/[/\-\\^$*+?.()|[\]{}]/g, '\\$&');
}
