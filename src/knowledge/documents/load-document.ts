import { createHash } from 'node:crypto';
import fs, { promises as fsp } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import type { KnowledgeDocument } from '../chunk';
import { parseFrontMatter } from './front-matter';

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
  | { kind: 'document'; doc: KnowledgeDocument }
  | { kind: 'skipped'; reason: 'draft' | 'too_large' | 'empty' }
  | { kind: 'missing' };

/**
 * Reads and parses one file. Never throws for a file that vanished between event and read.
 * Reads go through the thread pool's callback API (the promise API's FileHandle costs several
 * times the CPU); with `sync`, for a first load of the whole folder before the server listens,
 * they are plain system calls: a small file's read costs less than two threads handing it over.
 */
export async function loadDocument(root: string, file: string, opts: { sync?: boolean } = {}): Promise<LoadResult> {
  const read = await readRegularFile(file, opts.sync ? SYNC : ASYNC);
  if (read === 'missing') return { kind: 'missing' };
  if (read === 'too_large') return { kind: 'skipped', reason: 'too_large' };
  const { buf, mtime } = read;
  const rel = relativeKnowledgePath(root, file);
  const { data, body } = parseFrontMatter(buf.toString('utf8'));
  if (data.draft === true) return { kind: 'skipped', reason: 'draft' };
  if (!/[\p{L}\p{N}]/u.test(body) && !data.title) return { kind: 'skipped', reason: 'empty' };
  return {
    kind: 'document',
    doc: {
      path: rel,
      title: titleOf(data, rel, body),
      url: typeof data.url === 'string' && /^https?:\/\//i.test(data.url) ? data.url : undefined,
      version: versionOf(buf),
      body,
      bytes: buf.length,
      updatedAt: mtime.toISOString(),
    },
  };
}

/** File calls, synchronous or through the thread pool (the callback API, see loadDocument). */
interface FileIo {
  lstat(file: string): fs.Stats | Promise<fs.Stats>;
  open(file: string, flags: number): number | Promise<number>;
  fstat(fd: number): fs.Stats | Promise<fs.Stats>;
  read(fd: number): Buffer | Promise<Buffer>;
  close(fd: number): void | Promise<void>;
}
const SYNC: FileIo = {
  lstat: fs.lstatSync,
  open: fs.openSync,
  fstat: fs.fstatSync,
  read: (fd) => fs.readFileSync(fd),
  close: fs.closeSync,
};
const ASYNC: FileIo = {
  lstat: promisify(fs.lstat),
  open: promisify(fs.open),
  fstat: promisify(fs.fstat),
  read: promisify(fs.readFile),
  close: promisify(fs.close),
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

/** A file's title: front matter `title`, else its first `# heading`, else its file name. */
export function titleOf(data: { title?: unknown }, rel: string, body: string): string {
  return typeof data.title === 'string' && data.title.trim() ? data.title.trim() : titleFromPath(rel, body);
}

function titleFromPath(rel: string, body: string): string {
  const h1 = /^#\s+(.+)$/m.exec(body);
  if (h1) return h1[1].trim();
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
