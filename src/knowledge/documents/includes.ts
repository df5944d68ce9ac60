import path from 'node:path';

/** `{!file.md!}`: Python-Markdown's markdown-include, as MkDocs and Zulip use it. */
const BRACE_INCLUDE = /\{!\s*([^!{}\n]+?)\s*!\}/g;
/** `--8<-- "file.md"`: pymdownx snippets, one file per line (a leading `;` escapes it). */
const SNIPPET_LINE = /^(\s*)--8<--\s+["']([^"'\n]+)["']\s*$/;
/** `--8<--` alone opens and closes a block of file names, one per line. */
const SNIPPET_BLOCK = /^\s*--8<--\s*$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

/** Folders whose files are pieces of other articles, never articles of their own. */
const FRAGMENT_FOLDERS = new Set([
  'include',
  'includes',
  '_includes',
  'partials',
  '_partials',
  'snippets',
  '_snippets',
]);

/** Includes nested deeper than this are left out (a cycle, or a mistake). */
const MAX_DEPTH = 8;

/**
 * Whether a knowledge path is a fragment that articles include: it sits in an include folder,
 * or its name starts with `_`. Fragments are read when an article includes them, and are not
 * indexed or cited on their own.
 */
export function isFragmentPath(rel: string): boolean {
  const parts = rel.split('/');
  if (parts[parts.length - 1].startsWith('_')) return true;
  return parts.slice(0, -1).some((p) => FRAGMENT_FOLDERS.has(p.toLowerCase()));
}

/**
 * Where an include named in `fromRel` may live, in the order they are tried: beside the
 * including file, then in each folder up to the root, directly or in one of its include
 * folders. All candidates are relative to the knowledge folder and never leave it.
 */
export function includeCandidates(fromRel: string, name: string): string[] {
  const clean = name.trim().replace(/^\.\//, '');
  if (clean === '' || path.posix.isAbsolute(clean) || clean.includes('\0')) return [];
  const out: string[] = [];
  const add = (p: string) => {
    const n = path.posix.normalize(p);
    if (n === '..' || n.startsWith('../') || out.includes(n)) return;
    out.push(n);
  };
  let dir = path.posix.dirname(fromRel);
  add(path.posix.join(dir, clean));
  for (;;) {
    add(path.posix.join(dir, clean));
    for (const folder of FRAGMENT_FOLDERS) add(path.posix.join(dir, folder, clean));
    if (dir === '.' || dir === '') break;
    dir = path.posix.dirname(dir);
  }
  return out;
}

/** Reads a knowledge file by its path relative to the folder; undefined when there is none. */
export type ReadKnowledge = (rel: string) => Promise<string | undefined>;

/**
 * The body with every include replaced by the included file's text (its front matter
 * dropped), recursively. Returns the fragments it read, so that a change to one can re-index
 * the articles that include it. An include that cannot be found is removed, never left as text.
 */
export async function expandIncludes(
  body: string,
  fromRel: string,
  read: ReadKnowledge,
): Promise<{ body: string; includes: string[] }> {
  const used = new Set<string>();
  const expanded = await expand(body, fromRel, read, used, [fromRel]);
  return { body: expanded, includes: [...used] };
}

async function expand(
  body: string,
  fromRel: string,
  read: ReadKnowledge,
  used: Set<string>,
  chain: string[],
): Promise<string> {
  if (!body.includes('{!') && !body.includes('--8<--')) return body;
  const out: string[] = [];
  let fence: string | undefined;
  let inSnippetBlock = false;
  for (const line of body.split(/\r?\n/)) {
    if (fence) {
      out.push(line);
      if (line.trim().startsWith(fence)) fence = undefined;
      continue;
    }
    const open = FENCE.exec(line);
    if (open) {
      fence = open[1];
      out.push(line);
      continue;
    }
    if (SNIPPET_BLOCK.test(line)) {
      inSnippetBlock = !inSnippetBlock;
      continue;
    }
    if (inSnippetBlock) {
      if (line.trim()) out.push(await include(line.trim(), fromRel, read, used, chain));
      continue;
    }
    const snippet = SNIPPET_LINE.exec(line);
    if (snippet) {
      out.push(indent(await include(snippet[2], fromRel, read, used, chain), snippet[1]));
      continue;
    }
    if (!line.includes('{!')) {
      out.push(line);
      continue;
    }
    let result = '';
    let last = 0;
    for (const m of line.matchAll(BRACE_INCLUDE)) {
      result += line.slice(last, m.index) + (await include(m[1], fromRel, read, used, chain));
      last = m.index! + m[0].length;
    }
    out.push(result + line.slice(last));
  }
  return out.join('\n');
}

async function include(
  name: string,
  fromRel: string,
  read: ReadKnowledge,
  used: Set<string>,
  chain: string[],
): Promise<string> {
  if (chain.length > MAX_DEPTH) return '';
  for (const candidate of includeCandidates(fromRel, name)) {
    if (chain.includes(candidate)) return '';
    const text = await read(candidate);
    if (text === undefined) continue;
    used.add(candidate);
    return expand(withoutFrontMatter(text), candidate, read, used, [...chain, candidate]);
  }
  return '';
}

function withoutFrontMatter(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/, '')
    .trimEnd();
}

function indent(text: string, by: string): string {
  return by ? text.replace(/^(?=.)/gm, by) : text;
}
