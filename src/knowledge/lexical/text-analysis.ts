import { type Language, rulesOf } from './languages';

/**
 * The one tokenizer shared by indexing, retrieval confidence and the offline answerer, so that
 * "what matched" means the same everywhere.
 */

/** English stop words, for the parts that read English word vectors. */
export const STOP_WORDS: ReadonlySet<string> = rulesOf('en').stop;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

const HYPHENATED = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+/gu;
const LETTER_DIGIT = /^(?:\p{N}+\p{L}+|\p{L}+\p{N}+)$/u;
/** Plain ASCII letters: most words, and never letters with digits (a Unicode test costs more). */
const ASCII_LETTERS = /^[a-z']+$/;

/**
 * Lower-cased words, apostrophes normalised, nothing removed. Compounds are also indexed
 * joined and split ("wi-fi" gives wi, fi and wifi; "5ghz" gives 5ghz, 5 and ghz), so either
 * spelling in a question finds the other in an article. Indexing runs this on every passage at
 * start-up, hence the cheap tests before the costly ones.
 */
export function words(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  for (const w of lower.match(WORD) ?? []) {
    const word = w.includes('’') ? w.replace(/’/g, "'") : w;
    out.push(word);
    if (!ASCII_LETTERS.test(word) && LETTER_DIGIT.test(word)) out.push(...(word.match(/\p{N}+|\p{L}+/gu) ?? []));
  }
  if (lower.includes('-')) for (const h of lower.match(HYPHENATED) ?? []) out.push(h.replace(/-/g, ''));
  return out;
}

// Stemming dominates indexing time; a corpus reuses a small vocabulary, so memoise it.
const MEMO_LIMIT = 200_000;
const memos = new Map<Language, Map<string, string | null>>();

/** One word to its index term in `lang`, or null for a stop word. */
export function termOf(word: string, lang: Language = 'en'): string | null {
  let memo = memos.get(lang);
  if (!memo) memos.set(lang, (memo = new Map()));
  const hit = memo.get(word);
  if (hit !== undefined) return hit;
  const term = computeTerm(word, lang);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, term);
  return term;
}

function computeTerm(word: string, lang: Language): string | null {
  const rules = rulesOf(lang);
  const w = word.toLowerCase().replace(/’/g, "'");
  if (rules.stop.has(w)) return null;
  const bare = rules.bare(w);
  if (bare.length === 0 || rules.stop.has(bare)) return null;
  return /^\d+$/.test(bare) ? bare : rules.stem(bare);
}

/** Index terms of a text in `lang`: stop words dropped, the rest stemmed. */
export function terms(text: string, lang: Language = 'en'): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const t = termOf(w, lang);
    if (t) out.push(t);
  }
  return out;
}
