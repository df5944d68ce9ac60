import { stemmer as germanStem } from '@orama/stemmers/german';
import { stemmer as frenchStem } from '@orama/stemmers/french';
import { stemmer as spanishStem } from '@orama/stemmers/spanish';
import { stopwords as germanStop } from '@orama/stopwords/german';
import { stopwords as frenchStop } from '@orama/stopwords/french';
import { stopwords as spanishStop } from '@orama/stopwords/spanish';
import englishStem from 'wink-porter2-stemmer';

/** The languages whose questions and articles are analysed with their own stemmer and stop words. */
export const LANGUAGES = ['en', 'fr', 'de', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * How one language turns a word into an index term: the words that carry no topic (the
 * Snowball list plus the filler visitors put around questions: greetings, "please", "how do
 * I"), what to take off a word before stemming, and the Snowball stemmer.
 */
export interface LanguageRules {
  readonly stop: ReadonlySet<string>;
  /** The word without what only grammar adds (English possessive `'s`, French elision `l'`). */
  bare(word: string): string;
  stem(word: string): string;
}

// Standard English function words plus the filler visitors put around questions ("hi, please
// tell me..."): left in, an unknown filler word would read as an uncovered topic.
const ENGLISH_STOP = `a about above after again against all am an and any are aren't as at be because been
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

// The same filler in the other languages: question words, greetings, politeness, "I want/can"
// (French inversions as the tokenizer joins hyphenated words: "puis-je" is also "puisje").
const FRENCH_FILLER = `comment pourquoi quand où combien est-ce puis peux peut pouvez veux voudrais
voulez dois doit faut bonjour bonsoir salut merci svp stp s'il plaît aussi encore tout tous toute
toutes très bien alors donc ça quelqu'un quelque chose
puisje peuxje peutil peuton pouvezvous doisje doiton fautil voulezvous avezvous aije estce estil
estelle questce sontils`;
const GERMAN_FILLER = `warum wann wo wieso weshalb woher wohin bitte danke hallo guten möchte
möchten gibt bekomme kann könnte kannst muss müssen soll sollte will wollen mal schon noch gerne
jemand etwas`;
const SPANISH_FILLER = `cómo qué cuándo dónde cuál cuáles cuánto por favor hola buenos buenas días
gracias quiero quisiera necesito necesita debo puedo puede pueden hay hacer también todavía alguien
algo`;

const list = (...parts: (string | readonly string[])[]) =>
  new Set(parts.flatMap((p) => (typeof p === 'string' ? p.split(/\s+/) : p)).filter(Boolean));

const ELISION = /^(?:qu|jusqu|lorsqu|puisqu|[cdjlmnst])'(?=\p{L})/u;

const RULES: Record<Language, LanguageRules> = {
  en: { stop: list(ENGLISH_STOP), bare: (w) => w.replace(/'s$/, ''), stem: englishStem },
  fr: { stop: list(frenchStop, FRENCH_FILLER), bare: (w) => w.replace(ELISION, ''), stem: frenchStem },
  de: { stop: list(germanStop, GERMAN_FILLER), bare: (w) => w, stem: germanStem },
  es: { stop: list(spanishStop, SPANISH_FILLER), bare: (w) => w, stem: spanishStem },
};

export function rulesOf(lang: Language): LanguageRules {
  return RULES[lang];
}

export function isLanguage(x: unknown): x is Language {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/** The language of a BCP 47 tag (`fr-CA` is French), when it is one we analyse. */
export function languageOfTag(tag: string | undefined): Language | undefined {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : undefined;
}

/** Words read when telling a document's language: its opening says it as well as the whole. */
const SAMPLE_WORDS = 600;

/**
 * The language `words` are written in, by which language's stop words they use most, among
 * `among`. A tie, or fewer than `minEvidence` stop words, goes to `hint` when it is among the
 * leaders, and is otherwise undecided: a guess would analyse a question in the wrong language.
 */
export function detectLanguage(
  words: readonly string[],
  opts: { among?: readonly Language[]; hint?: Language; minEvidence?: number } = {},
): Language | undefined {
  const among = opts.among ?? LANGUAGES;
  const counts = new Map<Language, number>(among.map((l) => [l, 0]));
  for (const w of words.slice(0, SAMPLE_WORDS))
    for (const l of among) if (RULES[l].stop.has(w)) counts.set(l, counts.get(l)! + 1);
  const best = Math.max(0, ...counts.values());
  const leaders = among.filter((l) => counts.get(l) === best);
  if (opts.hint && leaders.includes(opts.hint)) return opts.hint;
  return best >= (opts.minEvidence ?? 1) && leaders.length === 1 ? leaders[0] : undefined;
}
