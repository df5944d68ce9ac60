import { createHash } from 'node:crypto';
import { languageOfTag } from '../lexical/languages';
import fs, { promises as fsp } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import type { KnowledgeDocument } from '../chunk';
import { parseFrontMatter, type FrontMatter } from './front-matter';
import { firstHeading, normaliseMarkup } from './help-center-markup';
import { expandIncludes, isFragmentPath, type ReadKnowledge } from './includes';

/** Knowledge files the loader reads; everything else in the folder is ignored. */
export const KNOWLEDGE_EXTENSIONS = ['.md', '.markdown', '.mdx', '.txt'] as const;

/** Largest knowledge file read; bigger files are skipped with a warning, not truncated. */
export const MAX_KNOWLEDGE_FILE_BYTES = 2 * 1024 * 1024;

export function isKnowledgeFile(file: string): boolean {
  return (KNOWLEDGE_EXTENSIONS as readonly string[]).includes(path.extname(file).toLowerCase());
}

/** Forward-slash path relative to the root, the form used in sources and APIs. */
export function relativeKnowledgePath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** A file's version: a hash of its bytes, so any change (by any means) makes a new one. */
export function versionOf(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

export type LoadResult =
  /**
   * `includes`: the fragments expanded into it, relative to the folder. `fingerprint` changes
   * whenever what is indexed does, an included fragment's text too (`doc.version` is the file's).
   */
  | { kind: 'document'; doc: KnowledgeDocument; includes: string[]; fingerprint: string }
  | { kind: 'skipped'; reason: 'draft' | 'too_large' | 'empty' | 'fragment' }
  | { kind: 'missing' };

export interface LoadOptions {
  /** Plain system calls instead of the thread pool (a first load, before the server listens). */
  sync?: boolean;
  /** The public help center's address: an article without a `url` gets one under it. */
  baseUrl?: string;
}

/**
 * Reads and parses one file. Never throws for a file that vanished between event and read.
 * Reads go through the thread pool's callback API (the promise API's FileHandle costs several
 * times the CPU); with `sync`, for a first load of the whole folder before the server listens,
 * they are plain system calls: a small file's read costs less than two threads handing it over.
 */
export async function loadDocument(root: string, file: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const io = opts.sync ? SYNC : ASYNC;
  const rel = relativeKnowledgePath(root, file);
  // A fragment is read by the articles that include it.
  if (isFragmentPath(rel)) return { kind: 'skipped', reason: 'fragment' };
  const read = await readRegularFile(file, io);
  if (read === 'missing') return { kind: 'missing' };
  if (read === 'too_large') return { kind: 'skipped', reason: 'too_large' };
  const { buf, mtime } = read;
  const { data, body: source } = parseFrontMatter(buf.toString('utf8'));
  if (data.draft === true) return { kind: 'skipped', reason: 'draft' };
  const expanded = await expandIncludes(source, rel, includeReader(root, io));
  const body = normaliseMarkup(expanded.body);
  const description = text(data.description);
  if (!/[\p{L}\p{N}]/u.test(body) && !data.title && !description) return { kind: 'skipped', reason: 'empty' };
  const title = titleOf(data, rel, body);
  const url = urlOf(data, rel, opts.baseUrl);
  const lang = languageOfTag(text(data.lang) ?? text(data.language) ?? text(data.locale));
  return {
    kind: 'document',
    includes: expanded.includes,
    fingerprint: versionOf([title, url, description, lang, body].join('\0')),
    doc: {
      path: rel,
      title,
      url,
      description,
      ...(lang ? { lang } : {}),
      version: versionOf(buf),
      body,
      bytes: buf.length,
      updatedAt: mtime.toISOString(),
    },
  };
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/**
 * Where citations of the article link: its front matter's `url`; else, with the public help
 * center's address, the page its `slug` (or its folder and `id`, or its path) names there.
 */
function urlOf(data: FrontMatter, rel: string, baseUrl: string | undefined): string | undefined {
  const own = text(data.url);
  if (own && /^https?:\/\//i.test(own)) return own;
  if (!baseUrl) return undefined;
  const dir = path.posix.dirname(rel);
  const slug = text(data.slug);
  const id = text(data.id);
  const page = slug
    ? slug.replace(/^\/+/, '')
    : path.posix.join(dir === '.' ? '' : dir, id ?? path.posix.basename(rel, path.posix.extname(rel)));
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  try {
    return new URL(page.split('/').map(encodeURIComponent).join('/'), base).toString();
  } catch {
    return undefined;
  }
}

/**
 * Reads an included file: a knowledge file inside the folder, never through a symbolic link
 * (of the file or of a folder on its way), and never larger than a knowledge file may be.
 */
function includeReader(root: string, io: FileIo): ReadKnowledge {
  let realRoot: Promise<string> | undefined;
  return async (rel) => {
    if (!isKnowledgeFile(rel)) return undefined;
    const file = path.join(root, rel);
    try {
      realRoot ??= Promise.resolve(io.realpath(root));
      const [dir, top] = await Promise.all([io.realpath(path.dirname(file)), realRoot]);
      if (dir !== top && !dir.startsWith(top + path.sep)) return undefined;
    } catch {
      return undefined;
    }
    const read = await readRegularFile(file, io);
    return typeof read === 'object' ? read.buf.toString('utf8') : undefined;
  };
}

/** File calls, synchronous or through the thread pool (the callback API, see loadDocument). */
interface FileIo {
  lstat(file: string): fs.Stats | Promise<fs.Stats>;
  open(file: string, flags: number): number | Promise<number>;
  fstat(fd: number): fs.Stats | Promise<fs.Stats>;
  read(fd: number): Buffer | Promise<Buffer>;
  close(fd: number): void | Promise<void>;
  realpath(file: string): string | Promise<string>;
}
const SYNC: FileIo = {
  lstat: fs.lstatSync,
  open: fs.openSync,
  fstat: fs.fstatSync,
  read: (fd) => fs.readFileSync(fd),
  close: fs.closeSync,
  realpath: (file) => fs.realpathSync(file),
};
const ASYNC: FileIo = {
  lstat: promisify(fs.lstat),
  open: promisify(fs.open),
  fstat: promisify(fs.fstat),
  read: promisify(fs.readFile),
  close: promisify(fs.close),
  realpath: (file) => fsp.realpath(file),
};
/** Where the platform has it (not Windows), open() itself refuses a symbolic link. */
const NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/**
 * A regular file's bytes, never through a symbolic link (it could point outside the knowledge
 * folder): opened with O_NOFOLLOW, so a link swapped in after a check cannot be followed.
 */
async function readRegularFile(
  file: string,
  io: FileIo,
): Promise<{ buf: Buffer; mtime: Date } | 'missing' | 'too_large'> {
  let fd: number;
  try {
    if (!NOFOLLOW && (await io.lstat(file)).isSymbolicLink()) return 'missing';
    // Non-blocking: opening a named pipe would otherwise wait for a writer (fstat then skips it).
    fd = await io.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | NOFOLLOW);
  } catch (err) {
    // ELOOP: a link; ENOENT: gone since the event; EISDIR and the like: not a file to read.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP' || code === 'EISDIR' || code === 'ENOTDIR') return 'missing';
    throw err;
  }
  try {
    const stat = await io.fstat(fd);
    if (!stat.isFile()) return 'missing';
    if (stat.size > MAX_KNOWLEDGE_FILE_BYTES) return 'too_large';
    return { buf: await io.read(fd), mtime: stat.mtime };
  } finally {
    try {
      await io.close(fd);
    } catch {
      // Nothing to do about a descriptor that will not close; the read itself is done.
    }
  }
}

/**
 * A file's title: front matter `title`, else its `sidebar_label` (Docusaurus), else its first
 * `# heading`, else its file name.
 */
export function titleOf(data: { title?: unknown; sidebar_label?: unknown }, rel: string, body: string): string {
  const given = text(data.title) ?? text(data.sidebar_label) ?? firstHeading(body);
  if (given) return given;
  const base = path.basename(rel, path.extname(rel));
  return base.replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/** Every knowledge file under `root`, recursively; hidden files and folders are skipped. */
export async function listKnowledgeFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && isKnowledgeFile(e.name)) out.push(full);
    }
  }
  await walk(root);
  return out.sort();
}
