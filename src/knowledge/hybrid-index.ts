import type { Chunk, SearchHit } from './chunk';
import { chunkWords } from './lexical/chunk-words';
import type { KnowledgeIndex, SearchOptions } from './knowledge-index';
import { LexicalIndex, type Expansion } from './lexical/lexical-index';
import { SemanticIndex } from './vectors/semantic-index';
import { SentenceVectors } from './vectors/sentence-vector';
import { TermNeighbours } from './vectors/term-neighbours';
import { termOf, words } from './lexical/text-analysis';
import { detectLanguage } from './lexical/languages';
import type { Thesaurus } from './lexical/thesaurus';
import { ChunkVectors } from './vectors/chunk-vectors';
import type { WordVectors } from './vectors/word-vectors';

/** How much of the lexical half's share a passage that covers none of the question loses. */
const LEXICAL_UNCOVERED_SHARE = 0.5;

/** The passage whose cosine stands for the knowledge base in general, for a question (see `search`). */
const BACKGROUND_RANK = 10;

/** Frequency rank around which a word stops being "common" for expansion purposes. */
const COMMON_RANK = 300;

export interface HybridOptions {
  /** Candidates taken from each half before fusing. @default 50 */
  candidates?: number;
  /** Weight of the semantic score against BM25 relative to the best hit. @default 1 */
  semanticWeight?: number;
  /** Cosine from which sentence similarity counts in the ranking (mapped to 0..1 above it). @default 0.4 */
  rankingCosineFloor?: number;
  /** Cosine a chunk needs to be returned on sentence similarity alone, with no word in common. @default 0.3 */
  semanticMatchCosine?: number;
  /**
   * Sentence similarity adds to the confidence only above this cosine, at half weight: on its
   * own it cannot tell "repair my laptop screen" from a help article about screens. @default 0.5
   */
  confidenceCosineFloor?: number;
  /** Word similarity from which a knowledge-base word stands in for a question word. @default 0.6 */
  expansionSimilarity?: number;
  /** Stand-ins per question word. @default 3 */
  expansionsPerWord?: number;
  /**
   * Weight in the ranking of how much of the question a passage covers (IDF-weighted, half the
   * passage, half its article): of two sections of one article, the one with the question's
   * words leads, however short the other's heading. @default 1
   */
  coverageWeight?: number;
}

/**
 * Hybrid retrieval over the lexical BM25 index (exact words, typos, product names) and a
 * semantic half built from general-English word vectors, with nothing specific to any corpus:
 *  - the question's words are expanded with the knowledge base's near-synonyms ("parcel" ->
 *    package, "wipe" -> erase), searched at lower weight;
 *  - each chunk also has a sentence vector, compared with the question's by cosine;
 *  - the two are fused by score (BM25 relative to the best hit, plus the cosine above a floor),
 *    so a clear lexical winner keeps its lead and a question with no shared words can still
 *    find its article.
 * A hit's confidence (the decline decision) is the share of the question's own terms it covers,
 * raised a little by a high sentence similarity.
 */
export class HybridIndex implements KnowledgeIndex {
  readonly lexical = new LexicalIndex();
  readonly semantic: SemanticIndex;
  private readonly neighbours: TermNeighbours;
  private readonly o: Required<HybridOptions>;
  /** Each document's words in the neighbour vocabulary, to take them out again. */
  private readonly vocabularies = new Map<string, string[]>();
  /** Chunk embeddings from the embedder (the sentence encoder or an endpoint). */
  private readonly embedded = new ChunkVectors();

  constructor(
    private readonly vectors: WordVectors,
    opts: HybridOptions = {},
    private readonly thesaurus?: Thesaurus,
  ) {
    this.o = {
      candidates: 50,
      semanticWeight: 1,
      rankingCosineFloor: 0.4,
      semanticMatchCosine: 0.3,
      confidenceCosineFloor: 0.5,
      expansionSimilarity: 0.6,
      coverageWeight: 1,
      expansionsPerWord: 3,
      ...opts,
    };
    this.semantic = new SemanticIndex(new SentenceVectors(vectors));
    this.neighbours = new TermNeighbours(vectors, {
      minSimilarity: this.o.expansionSimilarity,
      perWord: this.o.expansionsPerWord,
    });
  }

  get chunkCount(): number {
    return this.lexical.chunkCount;
  }

  paths(): string[] {
    return this.lexical.paths();
  }

  setDocument(path: string, chunks: Chunk[]): void {
    this.removeDocument(path);
    const analysed = chunkWords(chunks);
    this.lexical.setDocument(path, chunks, analysed);
    this.semantic.setDocument(path, chunks, analysed);
    const vocabulary = this.neighbours.vocabulary(analysed.flatMap((w) => [...w.title, ...w.headings, ...w.body]));
    this.neighbours.update(vocabulary, 1);
    this.vocabularies.set(path, vocabulary);
    this.setVectors(path, chunks);
  }

  setVectors(path: string, chunks: Chunk[]): void {
    if (!this.vocabularies.has(path)) return;
    this.embedded.set(path, chunks);
  }

  removeDocument(path: string): void {
    this.lexical.removeDocument(path);
    this.semantic.removeDocument(path);
    const vocabulary = this.vocabularies.get(path);
    if (vocabulary) this.neighbours.update(vocabulary, -1);
    this.vocabularies.delete(path);
    this.embedded.remove(path);
  }

  search(query: string, k: number, opts: SearchOptions = {}): SearchHit[] {
    const lang = this.lexical.queryLanguage(query, opts.language);
    // The language the question is written in, whatever the articles': the word vectors, the
    // thesaurus and the local encoder are English, and find likeness in other languages' letters.
    const asked = detectLanguage(words(query), { hint: opts.language, minEvidence: 2 }) ?? opts.language ?? 'en';
    const english = asked === 'en';
    const expansions = english && lang === 'en' ? this.expansions(query) : [];
    const found = this.lexical.candidates(query, this.o.candidates, expansions, lang);
    const q = english ? this.semantic.embedQuery(query) : undefined;
    // Every chunk's word-vector sentence similarity to the question: the confidence reads it too.
    const scores = q ? this.semantic.scan(q) : undefined;
    const semantic = scores?.top(this.o.candidates) ?? [];
    const lexical = found.hits;
    const fused = new Map<
      string,
      { score: number; lex?: (typeof lexical)[number]; cosine?: number; embedded?: number }
    >();
    const entry = (id: string) => {
      let e = fused.get(id);
      if (!e) fused.set(id, (e = { score: 0 }));
      return e;
    };
    // Score fusion, not rank fusion: reciprocal-rank fusion let a near-miss of the semantic
    // half overtake a clear BM25 winner ("gift wrapping" lost to "gift cards").
    const best = lexical[0]?.rank || 1;
    for (const h of lexical) {
      const e = entry(h.chunk.id);
      e.score += h.rank / best;
      e.lex = h;
    }
    const floor = this.o.rankingCosineFloor;
    for (const s of semantic) {
      // Below this, a chunk with no word of the question in common is noise, not a match.
      if (!fused.has(s.id) && s.cosine < this.o.semanticMatchCosine) continue;
      const e = entry(s.id);
      e.score += this.o.semanticWeight * Math.max(0, (s.cosine - floor) / (1 - floor));
      e.cosine = s.cosine;
    }
    // The embedder's opinion (the sentence encoder, or an endpoint), read with its own calibration.
    const languages = opts.embedding?.calibration.languages;
    const embedding = !languages || languages.includes(asked) ? opts.embedding : undefined;
    const embeddedScores = embedding ? this.embedded.scan(embedding.vector) : undefined;
    const embeddedTop = embeddedScores?.top(this.o.candidates) ?? [];
    // How close this question comes to the knowledge base in general: an off-topic question is
    // about as close to its best passage as to its tenth, an answerable one stands out. A small
    // knowledge base has too few passages to tell: the model's own noise floor stands in.
    const kth = embeddedTop[BACKGROUND_RANK - 1]?.cosine;
    const background = embedding ? Math.max(kth ?? 0, embedding.calibration.floor) : undefined;
    if (embedding && embeddedScores) {
      const cal = embedding.calibration;
      for (const { id, cosine } of embeddedTop) {
        if (!fused.has(id) && cosine < cal.match) continue;
        const e = entry(id);
        e.score += cal.weight * Math.max(0, (cosine - cal.floor) / (1 - cal.floor));
        e.embedded = cosine;
      }
    }
    const coverageOf = new Map<string, number>();
    // A candidate that could not reach the k best even covering the whole question (while each
    // of them covered none of it) is not worth the work of measuring how much it covers.
    const kthScore = [...fused.values()].map((e) => e.score).sort((a, b) => b - a)[Math.min(k, fused.size) - 1] ?? 0;
    for (const [id, e] of fused) {
      if (e.score + this.o.coverageWeight < kthScore - LEXICAL_UNCOVERED_SHARE) {
        e.score = Number.NEGATIVE_INFINITY;
        continue;
      }
      const coverage = e.lex ? found.confidence(id) : found.coverage(id);
      coverageOf.set(id, coverage);
      // BM25 relative to the best hit says nothing of how much of the question a passage has:
      // the best of poor matches (one common word) is 1. Its share is scaled by the coverage.
      if (e.lex) e.score -= (e.lex.rank / best) * (1 - coverage) * LEXICAL_UNCOVERED_SHARE;
      e.score += this.o.coverageWeight * coverage;
    }
    const hits: SearchHit[] = [];
    for (const [id, e] of [...fused].sort((a, b) => b[1].score - a[1].score).slice(0, k)) {
      const chunk = e.lex?.chunk ?? this.lexical.chunk(id);
      if (!chunk) continue;
      const coverage = coverageOf.get(id)!;
      const cosine = e.cosine ?? scores?.of(id) ?? 0;
      const local = 0.5 * Math.max(0, cosine - this.o.confidenceCosineFloor);
      const semantic = embedding ? (e.embedded ?? embeddedScores?.of(id) ?? 0) : undefined;
      const viaEmbedding =
        embedding && semantic !== undefined
          ? embedding.calibration.confidenceWeight *
            Math.max(0, semantic - (background ?? 0) - embedding.calibration.confidenceFloor)
          : 0;
      const confidence = Math.min(1, coverage + Math.max(local, viaEmbedding));
      hits.push({
        chunk,
        rank: e.score,
        score: Math.round(confidence * 1000) / 1000,
        signals: { coverage, semantic, background, words: cosine },
      });
    }
    return hits;
  }

  /**
   * Knowledge-base words standing in for the question's words: WordNet synonyms and related
   * forms of each word and two-word phrase ("send back" -> return), and word-vector
   * neighbours, each weighted by how close it is.
   */
  private expansions(query: string): Expansion[] {
    const floor = this.o.expansionSimilarity;
    const out: Expansion[] = [];
    const ws = words(query);
    ws.forEach((w, i) => {
      const of = termOf(w);
      if (!of) return;
      // Common words have many senses ("take" can mean "return"): their stand-ins count less.
      const rank = this.vectors.rank(w) ?? 100_000;
      const specific = (rank + 1) / (rank + 1 + COMMON_RANK);
      // Similarity floor..1 maps to a quarter to three quarters of the word's own weight.
      for (const n of this.neighbours.neighbours(w))
        out.push({ word: n.word, of, weight: specific * (0.25 + (0.5 * (n.similarity - floor)) / (1 - floor)) });
      if (!this.thesaurus) return;
      const next = ws[i + 1];
      for (const [phrase, damp] of [[w, specific], ...(next ? [[`${w} ${next}`, 1] as const] : [])] as const) {
        for (const r of this.thesaurus.related(phrase)) {
          if (!r.word.includes(' ') && this.neighbours.has(r.word))
            out.push({ word: r.word, of, weight: damp * 0.75 * r.weight });
        }
      }
    });
    return out;
  }
}
