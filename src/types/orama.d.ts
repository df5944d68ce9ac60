// The packages' subpath exports, which this project's module resolution does not read.
declare module '@orama/stemmers/*' {
  /** The Snowball stemmer of the subpath's language, on one lower-case word. */
  export function stemmer(word: string): string;
}
declare module '@orama/stopwords/*' {
  /** The Snowball stop-word list of the subpath's language. */
  export const stopwords: string[];
}
