/** Conversation search: every word of `q` appears, case-insensitively, in one of the texts. */
export function matchesQuery(q: string, texts: (string | undefined)[]): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = texts.filter(Boolean).join('\n').toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** `%word%` patterns for SQL LIKE, with LIKE's own wildcards escaped (ESCAPE '\\'). */
export function likePatterns(q: string): string[] {
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
}
