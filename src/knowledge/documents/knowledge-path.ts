import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../errors';
import { KNOWLEDGE_EXTENSIONS } from './load-document';

const MAX_PATH = 512;
/** Longest file or folder name file systems take (ext4, APFS, NTFS), in bytes. */
const MAX_NAME_BYTES = 255;
// Control characters (NUL included), backslashes and percent signs: a path reaching here was
// decoded once by the router, so a '%' left over is an attempt at double encoding.
const FORBIDDEN = /[\u0000-\u001F\u007F\\%]/;

const invalid = (why: string) => new AppError('invalid_path', `Invalid path: ${why}.`, { field: 'path' });

/**
 * Checks a path relative to the knowledge folder and returns it normalised (`/` separators).
 * Refuses absolute paths, `..` and `.` segments, hidden files, empty segments, control
 * characters, encoded leftovers and non-knowledge extensions, with `invalid_path` (400).
 */
export function checkKnowledgePath(rel: unknown): string {
  if (typeof rel !== 'string' || rel.length === 0) throw invalid('it is empty');
  if (rel.length > MAX_PATH) throw invalid(`it is longer than ${MAX_PATH} characters`);
  if (FORBIDDEN.test(rel)) throw invalid('it contains a control character, a backslash or a percent sign');
  if (rel.startsWith('/') || /^[A-Za-z]:/.test(rel)) throw invalid('it must be relative to the knowledge folder');
  const segments = rel.split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') throw invalid('it must not contain empty, "." or ".." segments');
    if (s.startsWith('.')) throw invalid('hidden files and folders are not knowledge');
    if (s.trim() !== s) throw invalid('names must not start or end with spaces');
    if (Buffer.byteLength(s) > MAX_NAME_BYTES) throw invalid(`a name is longer than ${MAX_NAME_BYTES} bytes`);
  }
  const ext = path.extname(rel).toLowerCase();
  if (!(KNOWLEDGE_EXTENSIONS as readonly string[]).includes(ext))
    throw invalid(`only ${KNOWLEDGE_EXTENSIONS.join(', ')} files`);
  return rel;
}

/**
 * The absolute path of a checked relative path, after making sure that neither it nor any
 * folder on the way is a symbolic link, so nothing can be read or written outside the folder.
 */
export async function resolveKnowledgePath(root: string, rel: string): Promise<string> {
  const realRoot = await fs.realpath(root);
  const abs = path.join(realRoot, checkKnowledgePath(rel));
  if (!abs.startsWith(realRoot + path.sep)) throw invalid('it leaves the knowledge folder');
  let current = realRoot;
  const segments = rel.split('/');
  for (const [i, segment] of segments.entries()) {
    current = path.join(current, segment);
    const stat = await fs.lstat(current).catch(() => null);
    if (!stat) break; // the rest does not exist yet (a new file or folder)
    if (stat.isSymbolicLink()) throw invalid('symbolic links are not followed');
    if (i < segments.length - 1 && !stat.isDirectory())
      throw invalid(`"${segments.slice(0, i + 1).join('/')}" is a file, not a folder`);
  }
  return abs;
}
