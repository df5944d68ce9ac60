import MiniSearch from 'minisearch';
import type { Chunk, SearchHit } from './chunk';
import type { KnowledgeIndex } from './knowledge-index';
import { toPlainText } from './markdown-text';
import { termOf, terms, words } from './text-analysis';

const EXPANSION_CREDIT = 0.8;

/** A word searched on behalf of query term `of`, at `weight` (0..1) of that term's importance. */
export interface Expansion {
  word: string;
  of: string;
  weight: number;
}

interface Doc {
  id: string;
  title: string;
  heading: string;
  text: string;
}

/**
 * Lexical BM25 index on MiniSearch, chosen by measurement (see bench/retrieval-libraries.ts and
 * DESIGN.md): with stop words removed it had the lowest latency and best recall of the fast
 * libraries, and it updates one document in well under a millisecond.
 *
 * MiniSearch's BM25 scores are not comparable across queries, so each hit also gets a
 * confidence: the IDF-weighted share of the query's terms the passage (and its article) contains. The bot
 * declines when the best confidence is under the configured floor.
 */
export class MiniSearchIndex implements KnowledgeIndex {
  private readonly mini: MiniSearch<Doc>;
  private readonly chunks = new Map<string, Chunk>();
  private readonly byPath = new Map<string, string[]>();
  /** Per-term set of chunk ids, for IDF and for "does this chunk contain the term". */
  private readonly postings = new Map<string, Set<string>>();
  private readonly chunkTerms = new Map<string, string[]>();
  /** Every term of a document, to judge whether the article as a whole covers a question. */
  private readonly docTerms = new Map<string, Set<string>>();

  constructor() {
    this.mini = new MiniSearch<Doc>({
      fields: ['title', 'heading', 'text'],
      storeFields: [],
      tokenize: (text) => words(text),
      processTerm: (term) => termOf(term),
      searchOptions: { boost: { title: 2.5, heading: 1.8, text: 1 }, combineWith: 'OR' },
      autoVacuum: { minDirtCount: 200, minDirtFactor: 0.2 },
    });
  }

  get chunkCount(): number {
    return this.chunks.size;
  }

  paths(): string[] {
    return [...this.byPath.keys()].sort();
  }

  setDocument(path: string, chunks: Chunk[]): void {
    this.removeDocument(path);
    const docs: Doc[] = [];
    const all = new Set<string>();
    for (const chunk of chunks) {
      // An article's opening section is about its title, so it carries the title as its heading.
      const doc = { id: chunk.id, title: chunk.title, heading: chunk.headings.join(' ') || chunk.title, text: toPlainText(chunk.text) };
      docs.push(doc);
      this.chunks.set(chunk.id, chunk);
      const unique = [...new Set(terms(`${doc.title} ${doc.heading} ${doc.text}`))];
      this.chunkTerms.set(chunk.id, unique);
      for (const t of unique) all.add(t);
      for (const t of unique) {
        let set = this.postings.get(t);
        if (!set) this.postings.set(t, (set = new Set()));
        set.add(chunk.id);
      }
    }
    this.mini.addAll(docs);
    this.byPath.set(path, chunks.map((c) => c.id));
    this.docTerms.set(path, all);
  }

  removeDocument(path: string): void {
    const ids = this.byPath.get(path);
    if (!ids) return;
    for (const id of ids) {
      this.mini.discard(id);
      this.chunks.delete(id);
      for (const t of this.chunkTerms.get(id) ?? []) {
        const set = this.postings.get(t);
        set?.delete(id);
        if (set?.size === 0) this.postings.delete(t);
      }
      this.chunkTerms.delete(id);
    }
    this.byPath.delete(path);
    this.docTerms.delete(path);
  }

  /**
   * `expansions` are words that mean nearly what a query word means (from the semantic half),
   * each searched at a fraction of that word's weight. They change the ranking only: the
   * confidence counts the question's own words, since crediting near-synonyms made the bot
   * answer off-topic questions (measured with `npm run eval`).
   */
  search(query: string, k: number, opts: { expansions?: Expansion[]; queryVector?: Float32Array } = {}): SearchHit[] {
    const expansions = opts.expansions ?? [];
    const queryTerms = [...new Set(terms(query))];
    if (queryTerms.length === 0 || this.chunks.size === 0) return [];
    const weights = queryTerms.map((t) => this.idf(t));
    const total = weights.reduce((a, b) => a + b, 0);
    // Typo tolerance only for words the knowledge base does not contain: fuzzy on every term
    // is an order of magnitude slower (DESIGN.md) and blurs precise matches.
    const fuzzy = (term: string) => (term.length >= 5 && !this.postings.has(term) ? 0.2 : false);
    const extra = new Map<string, Expansion>();
    for (const e of expansions) {
      const t = termOf(e.word);
      if (t && !queryTerms.includes(t) && this.postings.has(t) && (extra.get(t)?.weight ?? 0) < e.weight) extra.set(t, { ...e, word: t });
    }
    const results = extra.size
      ? this.mini.search({
          combineWith: 'OR',
          queries: [
            { queries: [queryTerms.join(' ')], fuzzy },
            { queries: [[...extra.keys()].join(' ')], boostTerm: (t) => extra.get(t)?.weight ?? 0 },
          ],
        })
      : this.mini.search(queryTerms.join(' '), { fuzzy });
    const hits: SearchHit[] = [];
    for (const r of results.slice(0, k)) {
      const chunk = this.chunks.get(r.id as string);
      if (!chunk) continue;
      hits.push({ chunk, rank: r.score, score: this.confidence(chunk, queryTerms, weights, total, new Set(r.queryTerms), extra) });
    }
    return hits;
  }

  chunk(id: string): Chunk | undefined {
    return this.chunks.get(id);
  }

  /** The confidence {@link search} would give `chunkId` for `query` (exact terms only), for hits found another way. */
  coverage(query: string, chunkId: string): number {
    const chunk = this.chunks.get(chunkId);
    const queryTerms = [...new Set(terms(query))];
    if (!chunk || queryTerms.length === 0) return 0;
    const weights = queryTerms.map((t) => this.idf(t));
    const own = new Set(this.chunkTerms.get(chunkId));
    return this.confidence(chunk, queryTerms, weights, weights.reduce((a, b) => a + b, 0), new Set(queryTerms.filter((t) => own.has(t))));
  }

  /**
   * Half the passage, half its article: the IDF-weighted share of the query's terms each
   * contains. A section that answers part of the question in an article that covers all of it
   * is still a confident match.
   */
  private confidence(chunk: Chunk, queryTerms: string[], weights: number[], total: number, matched: Set<string>, extra?: Map<string, Expansion>): number {
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
    const df = this.postings.get(term)?.size ?? 1;
    return Math.log(1 + n / df);
  }
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
