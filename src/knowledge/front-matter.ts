import YAML from 'yaml';

export interface FrontMatter {
  title?: string;
  url?: string;
  draft?: boolean;
  [key: string]: unknown;
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/**
 * Splits YAML front matter from a Markdown body. A malformed block is treated as absent data
 * (the body is kept whole) so one bad file never stops the knowledge base from loading.
 */
export function parseFrontMatter(source: string): { data: FrontMatter; body: string; error?: string } {
  const text = source.replace(/^\uFEFF/, '');
  const m = FENCE.exec(text);
  if (!m) return { data: {}, body: text };
  try {
    const parsed: unknown = YAML.parse(m[1]);
    const data = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as FrontMatter) : {};
    return { data, body: text.slice(m[0].length) };
  } catch (err) {
    return { data: {}, body: text.slice(m[0].length), error: (err as Error).message };
  }
}
