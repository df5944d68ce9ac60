/**
 * Numbers an answer's citations as they stream: the first source cited is [1], the next new one
 * [2], and so on, whatever number the model (or the offline answerer) gave it. A number is
 * final when the visitor sees it, and `[n]` of the stored answer is `sources[n - 1]`.
 */
export class CitationNumbers {
  /** Source number as generated -> number shown, in order of first citation. */
  private readonly shown = new Map<number, number>();
  /** The end of the text so far when it may be the start of a citation (`[`, `[1`). */
  private held = '';

  /** `known`: the numbers the sources were given in the prompt; others are left as written. */
  constructor(private readonly known: ReadonlySet<number>) {}

  /** The text to stream for `delta`, citations renumbered; a citation cut in two is held until whole. */
  push(delta: string): string {
    const text = this.held + delta;
    const partial = /\[\d{0,2}$/.exec(text);
    this.held = partial ? text.slice(partial.index) : '';
    return this.renumber(partial ? text.slice(0, partial.index) : text);
  }

  /** Whatever was held back, at the end of the answer. */
  flush(): string {
    const rest = this.renumber(this.held);
    this.held = '';
    return rest;
  }

  /** The generated numbers of the sources cited, in the order they are shown. */
  cited(): number[] {
    return [...this.shown.keys()];
  }

  private renumber(text: string): string {
    return text.replace(/\[(\d{1,2})\]/g, (whole, digits: string) => {
      const n = Number(digits);
      if (!this.known.has(n)) return whole;
      let shown = this.shown.get(n);
      if (shown === undefined) this.shown.set(n, (shown = this.shown.size + 1));
      return `[${shown}]`;
    });
  }
}
