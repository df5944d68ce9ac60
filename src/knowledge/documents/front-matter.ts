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
  const simple = simpleYaml(m[1]);
  if (simple) return { data: simple, body: text.slice(m[0].length) };
  try {
    const parsed: unknown = YAML.parse(m[1]);
    const data = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as FrontMatter) : {};
    return { data, body: text.slice(m[0].length) };
  } catch (err) {
    return { data: {}, body: text.slice(m[0].length), error: (err as Error).message };
  }
}

const LINE = /^([A-Za-z_][\w-]*):[ \t]+(\S(?:.*\S)?)[ \t]*$/;
const PLAIN = /^[A-Za-z0-9][\w .,/()+-]*$/;

/**
 * The front matter most help centres write, `key: value` lines of quoted strings, whole
 * numbers, booleans and plain words, read without the YAML library, whose parser is a visible
 * part of reading a whole help center at start-up. Each value reads as YAML reads it (JSON's double-quoted strings are
 * YAML's too); anything else (lists, nesting, comments, other quoting, `key: value` inside a
 * plain value) returns undefined and goes to the YAML library.
 */
function simpleYaml(block: string): FrontMatter | undefined {
  const data: FrontMatter = {};
  for (const line of block.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const m = LINE.exec(line);
    if (!m || m[1] in data) return undefined;
    const value = scalar(m[2]);
    if (value === undefined) return undefined;
    data[m[1]] = value;
  }
  return data;
}

function scalar(v: string): string | number | boolean | undefined {
  if (v.startsWith('"')) {
    if (!v.endsWith('"') || v.length < 2) return undefined;
    try {
      return JSON.parse(v) as string;
    } catch {
      return undefined;
    }
  }
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^-?(?:0|[1-9]\d*)$/.test(v)) return Number.isSafeInteger(Number(v)) ? Number(v) : undefined;
  // Words YAML would read as something else (null, ~, yes/no in 1.1, floats, dates) go to the library.
  if (
    !PLAIN.test(v) ||
    /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|\.inf|\.nan)$/.test(v) ||
    /^[-+]?[0-9.]/.test(v)
  )
    return undefined;
  return v;
}
