import stem from 'wink-porter2-stemmer';

/**
 * The one tokenizer shared by indexing, retrieval confidence and the offline answerer, so that
 * "what matched" means the same everywhere.
 */

// Standard English function words plus the filler visitors put around questions ("hi, please
// tell me..."): left in, an unknown filler word would read as an uncovered topic.
const STOP = `a about above after again against all am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does doesn't
doing don't down during each few for from further had hadn't has hasn't have haven't having he
her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its
itself just let's me more most my myself no nor not of off on once only or other ought our ours
ourselves out over own same she should shouldn't so some such than that that's the their theirs
them themselves then there there's these they they'd they'll they're they've this those through
to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when
when's where where's which while who who's whom why why's will with won't would wouldn't you
you'd you'll you're you've your yours yourself yourselves also get got getting still anyone
someone something anything hi hello hey thanks thank please pls tell know want wanted need
needs like ok okay dear hiya cheers way able possible much many`;

export const STOP_WORDS: ReadonlySet<string> = new Set(STOP.split(/\s+/).filter(Boolean));

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
const memo = new Map<string, string | null>();

/** One word to its index term, or null for a stop word. */
export function termOf(word: string): string | null {
  const hit = memo.get(word);
  if (hit !== undefined) return hit;
  const term = computeTerm(word);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(word, term);
  return term;
}

function computeTerm(word: string): string | null {
  const w = word.toLowerCase().replace(/’/g, "'");
  if (STOP_WORDS.has(w)) return null;
  const bare = w.replace(/'s$/, '');
  if (bare.length === 0) return null;
  return /^\d+$/.test(bare) ? bare : stem(bare);
}

/** Index terms of a text: stop words dropped, the rest stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    const t = termOf(w);
    if (t) out.push(t);
  }
  return out;
}
