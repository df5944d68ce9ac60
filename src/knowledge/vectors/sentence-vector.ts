import { STOP_WORDS } from '../lexical/text-analysis';
import type { WordVectors } from './word-vectors';

/** Fields of a passage (their words, see text-analysis) and how much each says about what it is about. */
export interface WeightedWords {
  words: readonly string[];
  weight: number;
}

/** Words past this in a long passage add little to what it is about and cost time. */
const MAX_WORDS_PER_FIELD = 400;

/**
 * Sentence vectors as smooth-inverse-frequency averages of word vectors (Arora et al. 2017):
 * each word weighs a / (a + p(w)), with p(w) from its general-English frequency rank (Zipf), so
 * rare, specific words dominate and "the", "use", "get" barely count. The direction shared by
 * all English text is removed, so unrelated sentences do not look alike. Nothing here depends
 * on the knowledge folder: vectors stay comparable across incremental updates.
 */
export class SentenceVectors {
  private readonly common: Float32Array;

  constructor(readonly words: WordVectors) {
    // The common direction: the weighted mean of the most frequent English words.
    this.common = new Float32Array(words.dims);
    const sample: string[] = [];
    for (const w of [
      'the',
      'of',
      'and',
      'to',
      'in',
      'for',
      'is',
      'on',
      'that',
      'by',
      'this',
      'with',
      'you',
      'it',
      'not',
      'or',
      'be',
      'are',
      'from',
      'at',
      'as',
      'your',
      'all',
      'have',
      'new',
      'more',
      'an',
      'was',
      'we',
      'will',
      'can',
      'about',
      'if',
      'page',
      'my',
      'has',
      'search',
      'free',
      'but',
      'our',
      'one',
      'other',
      'do',
      'no',
      'information',
      'time',
      'they',
      'site',
      'he',
      'up',
      'may',
      'what',
      'which',
      'their',
      'news',
      'out',
      'use',
      'any',
      'there',
      'see',
      'only',
      'so',
      'his',
      'when',
      'contact',
      'here',
      'business',
      'who',
      'web',
      'also',
      'now',
      'help',
      'get',
      'view',
      'online',
      'first',
      'been',
      'would',
      'how',
      'were',
      'me',
      'services',
      'some',
      'these',
      'click',
      'its',
      'like',
      'service',
      'than',
      'find',
    ])
      sample.push(w);
    for (const w of sample) words.addTo(this.common, w, 1);
    normalise(this.common);
  }

  /** A unit vector for the fields, or null when none of their words has a vector. */
  embedWords(fields: WeightedWords[]): Float32Array | null {
    const v = new Float32Array(this.words.dims);
    let any = false;
    for (const f of fields) {
      let n = 0;
      for (const w of f.words) {
        if (STOP_WORDS.has(w) || n++ >= MAX_WORDS_PER_FIELD) continue;
        const rank = this.words.rank(w);
        if (rank === undefined) continue;
        any = this.words.addTo(v, w, f.weight * sif(rank)) || any;
      }
    }
    if (!any) return null;
    // Remove the shared component, then normalise.
    const dot = dotProduct(v, this.common);
    for (let d = 0; d < v.length; d++) v[d] -= dot * this.common[d];
    return normalise(v) ? v : null;
  }
}

/** a / (a + p(w)) with p(w) = 0.1 / (rank + 1) (Zipf) and a = 1e-3. */
function sif(rank: number): number {
  return (rank + 1) / (rank + 101);
}

export function dotProduct(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normalise(v: Float32Array): boolean {
  const n = Math.sqrt(dotProduct(v, v));
  if (n === 0) return false;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return true;
}
