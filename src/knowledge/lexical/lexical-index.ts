import type { Chunk, SearchHit } from '../chunk';
import { chunkWords, type ChunkWords } from './chunk-words';
import { InvertedIndex, type IndexedField } from './inverted-index';
import type { KnowledgeIndex, QueryEmbedding } from '../knowledge-index';
import { detectLanguage, type Language } from './languages';
import { termOf, terms, words } from './text-analysis';

const EXPANSION_CREDIT = 0.8;

/** A word searched on behalf of query term `of`, at `weight` (0..1) of that term's importance. */
export interface Expansion {
  word: string;
  of: string;
  weight: number;
}

/** Fields of a passage, in the order of {@link FIELD_BOOSTS}. */
const FIELD_BOOSTS = [2.5, 1.8, 1]; // title, heading, text

/**
 * The lexical half: BM25 over title, headings and text (stop words dropped, Porter2 stems,
 * typo tolerance for words the knowledge base lacks), on our own typed-array inverted index
 * (inverted-index.ts), which scores as MiniSearch does without an object per match.
 *
 * BM25 scores are not comparable across queries, so each hit also gets a confidence: the
 * IDF-weighted share of the query's terms the passage (and its article) contains. The bot
 * declines when the best confidence is under the configured floor.
 */
export class LexicalIndex implements KnowledgeIndex {
  private readonly index = new InvertedIndex(FIELD_BOOSTS);
  private readonly chunks = new Map<string, Chunk>();
  private readonly byPath = new Map<string, string[]>();
  /** Every term of a document, to judge whether the article as a whole covers a question. */
  private readonly docTerms = new Map<string, Set<string>>();
  /** Each document's language, and how many documents each language has. */
  private readonly docLang = new Map<string, Language>();
  private readonly langDocs = new Map<Language, number>();

  get chunkCount(): number {
    return this.chunks.size;
  }

  paths(): string[] {
    return [...this.byPath.keys()].sort();
  }

  /** `analysed`: the chunks' words, when the caller has them already (see chunkWords). */
  setDocument(path: string, chunks: Chunk[], analysed: ChunkWords[] = chunkWords(chunks)): void {
    this.removeDocument(path);
    const all = new Set<string>();
    const lang = chunks[0]?.lang ?? 'en';
    for (const [i, chunk] of chunks.entries()) {
      const w = analysed[i];
      // An article's opening section is about its title, so it carries the title as its heading.
      const fields = [w.title, w.hasHeadings ? w.headings : w.title, w.body].map((ws) => indexedField(ws, lang));
      this.index.add(chunk.id, fields);
      this.chunks.set(chunk.id, chunk);
      for (const f of fields) for (const t of f.terms) all.add(t);
    }
    this.byPath.set(
      path,
      chunks.map((c) => c.id),
    );
    this.docTerms.set(path, all);
    this.docLang.set(path, lang);
    this.langDocs.set(lang, (this.langDocs.get(lang) ?? 0) + 1);
  }

  removeDocument(path: string): void {
    const ids = this.byPath.get(path);
    if (!ids) return;
    for (const id of ids) {
      this.index.remove(id);
      this.chunks.delete(id);
    }
    this.byPath.delete(path);
    this.docTerms.delete(path);
    const lang = this.docLang.get(path);
    if (lang) {
      const left = (this.langDocs.get(lang) ?? 1) - 1;
      if (left > 0) this.langDocs.set(lang, left);
      else this.langDocs.delete(lang);
    }
    this.docLang.delete(path);
  }

  /**
   * The language a query is analysed in: of the languages the articles are written in, the
   * one whose stop words it uses (two at least: "die" is also English), else `hint` (the
   * visitor's language) when articles are in it, else the language most articles are in. A
   * question in a language no article is in is analysed in theirs: its words can only match there.
   */
  queryLanguage(query: string, hint?: Language): Language {
    const present = [...this.langDocs].sort((a, b) => b[1] - a[1]).map(([l]) => l);
    if (present.length <= 1) return present[0] ?? 'en';
    const known = hint && present.includes(hint) ? hint : undefined;
    return detectLanguage(words(query), { among: present, hint: known, minEvidence: 2 }) ?? known ?? present[0];
  }

  /**
   * `expansions` are words that mean nearly what a query word means (from the semantic half),
   * each searched at a fraction of that word's weight. They change the ranking only: the
   * confidence counts the question's own words, since crediting near-synonyms made the bot
   * answer off-topic questions. A question's `embedding` is
   * ignored: this index has no vectors.
   */
  search(
    query: string,
    k: number,
    opts: { expansions?: Expansion[]; embedding?: QueryEmbedding; language?: Language } = {},
  ): SearchHit[] {
    const found = this.candidates(query, k, opts.expansions, this.queryLanguage(query, opts.language));
    return found.hits.map((h) => ({ ...h, score: found.confidence(h.chunk.id) }));
  }

  /**
   * The ranking of {@link search} without the confidences, which the caller asks for only for
   * the hits it keeps (the hybrid index fuses 50 candidates and returns a handful).
   * `coverage` is the confidence of a chunk found another way: the query's exact terms only.
   */
  candidates(
    query: string,
    k: number,
    expansions: Expansion[] = [],
    lang: Language = this.queryLanguage(query),
  ): {
    hits: { chunk: Chunk; rank: number }[];
    confidence(chunkId: string): number;
    coverage(chunkId: string): number;
  } {
    const queryTerms = [...new Set(terms(query, lang))];
    const weights = queryTerms.map((t) => this.idf(t));
    const total = weights.reduce((a, b) => a + b, 0);
    if (queryTerms.length === 0 || this.chunks.size === 0) return { hits: [], confidence: () => 0, coverage: () => 0 };
    const extra = new Map<string, Expansion>();
    for (const e of expansions) {
      const t = termOf(e.word, lang);
      if (t && !queryTerms.includes(t) && this.index.entriesWith(t) > 0 && (extra.get(t)?.weight ?? 0) < e.weight)
        extra.set(t, { ...e, word: t });
    }
    // Typo tolerance only for words the knowledge base does not contain: fuzzy on every term
    // is an order of magnitude slower (DESIGN.md) and blurs precise matches.
    const maxEdits = (t: string) =>
      t.length >= 5 && this.index.entriesWith(t) === 0 ? Math.min(6, Math.round(t.length * 0.2)) : 0;
    const sources = [
      ...queryTerms.map((t) => ({ term: t, weight: 1, maxEdits: maxEdits(t) })),
      ...[...extra.values()].map((e) => ({ term: e.word, weight: e.weight })),
    ];
    const result = this.index.search(sources, k);
    const hits = result.entries.map((e) => ({ chunk: this.chunks.get(e.key)!, rank: e.score }));
    // Found by this search: a source matched when the chunk has it, or (for a typo) a word it
    // stands for, and stand-ins count. Found another way: the query's exact terms only.
    const scoreOf = (id: string, bySearch: boolean) => {
      const chunk = this.chunks.get(id);
      if (!chunk) return 0;
      const own = this.index.termsOf(id);
      const matched = bySearch
        ? sources.filter((_, i) => result.derived[i].some((t) => own.has(t))).map((src) => src.term)
        : queryTerms.filter((t) => own.has(t));
      return this.confidence(chunk, queryTerms, weights, total, new Set(matched), bySearch ? extra : undefined);
    };
    return { hits, confidence: (id) => scoreOf(id, true), coverage: (id) => scoreOf(id, false) };
  }

  chunk(id: string): Chunk | undefined {
    return this.chunks.get(id);
  }

  /**
   * Half the passage, half its article: the IDF-weighted share of the query's terms each
   * contains. A section that answers part of the question in an article that covers all of it
   * is still a confident match.
   */
  private confidence(
    chunk: Chunk,
    queryTerms: string[],
    weights: number[],
    total: number,
    matched: Set<string>,
    extra?: Map<string, Expansion>,
  ): number {
    const inDoc = this.docTerms.get(chunk.path);
    // A query term the chunk covers only through a stand-in counts at the stand-in's weight.
    const partial = new Map<string, number>();
    for (const [t, e] of extra ?? []) {
      if (matched.has(t)) partial.set(e.of, Math.max(partial.get(e.of) ?? 0, e.weight * EXPANSION_CREDIT));
    }
    let inChunk = 0;
    let inArticle = 0;
    queryTerms.forEach((t, i) => {
      const stand = partial.get(t) ?? 0;
      inChunk += weights[i] * (matched.has(t) ? 1 : stand);
      inArticle += weights[i] * (matched.has(t) || inDoc?.has(t) ? 1 : stand);
    });
    return round(total > 0 ? (inChunk + inArticle) / (2 * total) : 0);
  }

  /** Smoothed IDF; a term the corpus lacks weighs like the rarest one, since it is off-topic. */
  private idf(term: string): number {
    const n = this.chunks.size;
    const df = this.index.entriesWith(term) || 1;
    return Math.log(1 + n / df);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function indexedField(ws: readonly string[], lang: Language): IndexedField {
  const out: string[] = [];
  for (const w of ws) {
    const t = termOf(w, lang);
    if (t) out.push(t);
  }
  // Length in distinct words, stop words included, as MiniSearch counted it (the tuning assumes it).
  return { terms: out, length: new Set(ws).size };
}
