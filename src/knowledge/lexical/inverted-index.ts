import { editDistanceWithin } from './edit-distance';

/**
 * BM25 parameters (MiniSearch's defaults, which the dev set was tuned with): BM25+ with a floor of `D` per
 * matched term.
 */
const K = 1.2;
const B = 0.7;
const D = 0.5;
/** A typo-tolerant match counts this much of an exact one, less for longer edits (MiniSearch's weighting). */
const FUZZY_WEIGHT = 0.45;

/** One field of a passage as indexed: its processed terms (with repeats) and its length in words. */
export interface IndexedField {
  terms: string[];
  length: number;
}

/** A term to look up, at `weight`, tolerating up to `maxEdits` typos when the index lacks it. */
export interface TermQuery {
  term: string;
  weight: number;
  maxEdits?: number;
}

export interface ScoredEntry {
  key: string;
  score: number;
}

export interface SearchResult {
  entries: ScoredEntry[];
  /** For each query term, the index terms searched for it: itself if indexed, and its typo-tolerant matches. */
  derived: string[][];
}

interface Postings {
  slots: Int32Array;
  /** Term frequency per field, `fieldCount` per posting. */
  tfs: Uint16Array;
  size: number;
  /** Postings whose entry has been removed; dropped once they are half the list. */
  dead: number;
  /** Live entries with the term in each field. */
  df: Int32Array;
  /** Live entries with the term in any field. */
  entries: number;
}

interface Entry {
  key: string;
  terms: string[];
  /** Bit f set when terms[i] occurs in field f. */
  masks: Uint8Array;
  set?: Set<string>;
}

/**
 * A BM25F inverted index over typed arrays: postings are slot numbers and per-field term
 * frequencies, and a query adds each term's contribution into one score array, so its cost is
 * the length of the postings it reads, with no object per match (see
 * docs/decisions/own-inverted-index.md). Scores are computed as MiniSearch computes them
 * (per-field BM25+, field boosts, times the number of query terms matched).
 *
 * Entries are numbered by slot. A removed entry's slot stays dead (its postings are skipped,
 * and dropped when they make up half a list) until dead slots outnumber live ones; then every
 * list is rewritten and the slots renumbered.
 */
export class InvertedIndex {
  private readonly postings = new Map<string, Postings>();
  /** Terms by length, for typo-tolerant look-ups. */
  /** Terms by length, each with its letter mask (see letterMask), for typo look-ups. */
  private readonly byLength = new Map<number, Map<string, number>>();
  private readonly similarMemo = new Map<string, [string, number][]>();
  private readonly slotOf = new Map<string, number>();
  private entries: (Entry | undefined)[] = [];
  private fieldLength = new Float64Array(0);
  private readonly totalLength: Float64Array;
  private liveCount = 0;
  // Per-query scratch space, indexed by slot; `visit` stamps avoid clearing it between queries.
  private scores = new Float64Array(0);
  private quality = new Uint16Array(0);
  private visitedBy = new Int32Array(0);
  private lastTerm = new Int32Array(0);
  private stamp = 0;

  constructor(private readonly boosts: readonly number[]) {
    this.totalLength = new Float64Array(boosts.length);
  }

  get size(): number {
    return this.liveCount;
  }

  /** Live entries containing the term in any field. */
  entriesWith(term: string): number {
    return this.postings.get(term)?.entries ?? 0;
  }

  /** The distinct terms of an entry. */
  termsOf(key: string): ReadonlySet<string> {
    const slot = this.slotOf.get(key);
    const e = slot === undefined ? undefined : this.entries[slot];
    if (!e) return new Set();
    return (e.set ??= new Set(e.terms));
  }

  add(key: string, fields: IndexedField[]): void {
    this.remove(key);
    const slot = this.entries.length;
    const n = this.boosts.length;
    this.ensureCapacity(slot + 1);
    const tf = new Map<string, Uint16Array>();
    fields.forEach((field, f) => {
      this.fieldLength[slot * n + f] = field.length;
      this.totalLength[f] += field.length;
      for (const t of field.terms) {
        let counts = tf.get(t);
        if (!counts) tf.set(t, (counts = new Uint16Array(n)));
        if (counts[f] < 0xffff) counts[f]++;
      }
    });
    const terms = [...tf.keys()];
    const masks = new Uint8Array(terms.length);
    terms.forEach((t, i) => {
      const counts = tf.get(t)!;
      const p = this.postingsFor(t);
      if (p.size === p.slots.length) this.grow(p);
      p.slots[p.size] = slot;
      for (let f = 0; f < n; f++) {
        p.tfs[p.size * n + f] = counts[f];
        if (counts[f]) {
          p.df[f]++;
          masks[i] |= 1 << f;
        }
      }
      p.size++;
      p.entries++;
    });
    this.entries.push({ key, terms, masks });
    this.slotOf.set(key, slot);
    this.liveCount++;
  }

  remove(key: string): void {
    const slot = this.slotOf.get(key);
    if (slot === undefined) return;
    const e = this.entries[slot]!;
    const n = this.boosts.length;
    e.terms.forEach((t, i) => {
      const p = this.postings.get(t)!;
      for (let f = 0; f < n; f++) if (e.masks[i] & (1 << f)) p.df[f]--;
      p.entries--;
      p.dead++;
      if (p.entries === 0) this.dropTerm(t);
      else if (p.dead > 8 && p.dead * 2 > p.size) this.compact(p);
    });
    for (let f = 0; f < n; f++) this.totalLength[f] -= this.fieldLength[slot * n + f];
    this.entries[slot] = undefined;
    this.slotOf.delete(key);
    this.liveCount--;
    const deadSlots = this.entries.length - this.liveCount;
    if (deadSlots > 1024 && deadSlots > this.liveCount) this.renumber();
  }

  /** Index terms within `maxEdits` edits of `term` (itself excluded), with their distance. */
  similarTerms(term: string, maxEdits: number): [string, number][] {
    // Memoised until the vocabulary changes: visitors repeat their misspellings, and a scan
    // of every term of a similar length is the costliest part of a query that has one.
    const memoKey = `${maxEdits}:${term}`;
    const hit = this.similarMemo.get(memoKey);
    if (hit) return hit;
    const out: [string, number][] = [];
    const mask = letterMask(term);
    for (let len = term.length - maxEdits; len <= term.length + maxEdits; len++) {
      for (const [t, m] of this.byLength.get(len) ?? []) {
        // An edit changes which letters occur by two at most: a cheap test that skips most terms.
        if (t === term || popcount(mask ^ m) > 2 * maxEdits) continue;
        const d = editDistanceWithin(term, t, maxEdits);
        if (d !== undefined) out.push([t, d]);
      }
    }
    if (this.similarMemo.size >= 10_000) this.similarMemo.clear();
    this.similarMemo.set(memoKey, out);
    return out;
  }

  /** The `k` best entries for the query terms (OR), by BM25F times the number of query terms matched. */
  search(queries: TermQuery[], k: number): SearchResult {
    if (this.liveCount === 0 || k <= 0) return { entries: [], derived: queries.map(() => []) };
    const visit = this.nextStamp();
    const touched: number[] = [];
    const lookups = queries.map((q) => {
      const derived: [string, number][] = this.postings.has(q.term) ? [[q.term, 1]] : [];
      if (q.maxEdits)
        for (const [t, d] of this.similarTerms(q.term, q.maxEdits))
          derived.push([t, (FUZZY_WEIGHT * t.length) / (t.length + d)]);
      return derived;
    });
    lookups.forEach((derived, qi) => {
      const termStamp = this.nextStamp();
      for (const [term, w] of derived)
        this.accumulate(this.postings.get(term)!, queries[qi].weight * w, visit, termStamp, touched);
    });
    // Keep the k best in a small sorted array: k is tens, the touched entries thousands.
    const best: { slot: number; score: number }[] = [];
    for (const slot of touched) {
      const score = this.scores[slot] * this.quality[slot];
      if (best.length === k && score <= best[k - 1].score) continue;
      let i = best.length < k ? best.length : k - 1;
      if (best.length < k) best.push({ slot, score });
      while (i > 0 && best[i - 1].score < score) {
        best[i] = best[i - 1];
        i--;
      }
      best[i] = { slot, score };
    }
    return {
      entries: best.map(({ slot, score }) => ({ key: this.entries[slot]!.key, score })),
      derived: lookups.map((d) => d.map(([t]) => t)),
    };
  }

  private accumulate(p: Postings, weight: number, visit: number, termStamp: number, touched: number[]): void {
    const n = this.boosts.length;
    const N = this.liveCount;
    for (let f = 0; f < n; f++) {
      const df = p.df[f];
      if (df === 0) continue;
      const idf = Math.log(1 + (N - df + 0.5) / (df + 0.5));
      const avg = this.totalLength[f] / N || 1;
      const factor = weight * this.boosts[f] * idf;
      for (let i = 0; i < p.size; i++) {
        const tf = p.tfs[i * n + f];
        if (tf === 0) continue;
        const slot = p.slots[i];
        if (this.entries[slot] === undefined) continue;
        if (this.visitedBy[slot] !== visit) {
          this.visitedBy[slot] = visit;
          this.scores[slot] = 0;
          this.quality[slot] = 0;
          touched.push(slot);
        }
        if (this.lastTerm[slot] !== termStamp) {
          this.lastTerm[slot] = termStamp;
          this.quality[slot]++;
        }
        const len = this.fieldLength[slot * n + f];
        this.scores[slot] += factor * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * len) / avg)));
      }
    }
  }

  private nextStamp(): number {
    if (this.stamp >= 0x7ffffff0) {
      this.stamp = 0;
      this.visitedBy.fill(0);
      this.lastTerm.fill(0);
    }
    return ++this.stamp;
  }

  private postingsFor(term: string): Postings {
    let p = this.postings.get(term);
    if (!p) {
      const n = this.boosts.length;
      p = {
        slots: new Int32Array(4),
        tfs: new Uint16Array(4 * n),
        size: 0,
        dead: 0,
        df: new Int32Array(n),
        entries: 0,
      };
      this.postings.set(term, p);
      this.similarMemo.clear();
      let bucket = this.byLength.get(term.length);
      if (!bucket) this.byLength.set(term.length, (bucket = new Map()));
      bucket.set(term, letterMask(term));
    }
    return p;
  }

  private dropTerm(term: string): void {
    this.similarMemo.clear();
    this.postings.delete(term);
    this.byLength.get(term.length)?.delete(term);
  }

  private grow(p: Postings): void {
    const slots = new Int32Array(p.slots.length * 2);
    slots.set(p.slots);
    const tfs = new Uint16Array(p.tfs.length * 2);
    tfs.set(p.tfs);
    p.slots = slots;
    p.tfs = tfs;
  }

  /** Drops a list's postings of removed entries. */
  private compact(p: Postings, remap?: Int32Array): void {
    const n = this.boosts.length;
    let w = 0;
    for (let i = 0; i < p.size; i++) {
      const slot = p.slots[i];
      if (this.entries[slot] === undefined) continue;
      p.slots[w] = remap ? remap[slot] : slot;
      for (let f = 0; f < n; f++) p.tfs[w * n + f] = p.tfs[i * n + f];
      w++;
    }
    p.size = w;
    p.dead = 0;
  }

  /** Rewrites every list without removed entries and numbers the live ones from 0. */
  private renumber(): void {
    const n = this.boosts.length;
    const remap = new Int32Array(this.entries.length).fill(-1);
    const entries: Entry[] = [];
    const lengths = new Float64Array(this.scores.length * n);
    this.entries.forEach((e, slot) => {
      if (!e) return;
      remap[slot] = entries.length;
      for (let f = 0; f < n; f++) lengths[entries.length * n + f] = this.fieldLength[slot * n + f];
      this.slotOf.set(e.key, entries.length);
      entries.push(e);
    });
    for (const p of this.postings.values()) this.compact(p, remap);
    this.entries = entries;
    this.fieldLength = lengths;
  }

  private ensureCapacity(slots: number): void {
    const n = this.boosts.length;
    if (this.scores.length >= slots) return;
    const size = Math.max(1024, this.scores.length * 2, slots);
    const lengths = new Float64Array(size * n);
    lengths.set(this.fieldLength.subarray(0, Math.min(this.fieldLength.length, lengths.length)));
    this.fieldLength = lengths;
    this.scores = new Float64Array(size);
    this.quality = new Uint16Array(size);
    this.visitedBy = new Int32Array(size);
    this.lastTerm = new Int32Array(size);
  }
}

/** One bit per letter a-z that occurs in the word; digits and other characters share the rest. */
function letterMask(word: string): number {
  let m = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    m |= 1 << (c >= 97 && c <= 122 ? c - 97 : 26 + (c % 6));
  }
  return m;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
