import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { atomicWrite } from '../knowledge/documents/atomic-write';
import type { ImportedDocument } from './imported-document';

/** Kept in the import's folder: what each file was when written, to tell an agent's edit from ours. */
export const MANIFEST = '.answerdesk-import.json';

interface Manifest {
  source: string;
  files: Record<string, { key: string; content: string; written: string }>;
}

export interface ImportReport {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  /** Files left as they are, and why. */
  conflicts: { path: string; reason: string }[];
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

/**
 * Writes imported articles as Markdown files under `folder` (in the knowledge folder), each with
 * front matter (title, source url, date imported), and brings an earlier import of the same
 * folder up to date: new articles are added, changed ones rewritten, ones gone at the source
 * removed. A file an agent edited (or deleted, or wrote in the import's place) since the last
 * import is never overwritten or removed: it is reported as a conflict and left as it is.
 */
export async function writeImport(o: {
  knowledgeDir: string;
  folder: string;
  source: string;
  docs: ImportedDocument[];
  now?: Date;
}): Promise<ImportReport> {
  const root = path.resolve(o.knowledgeDir, o.folder);
  if (root !== path.resolve(o.knowledgeDir) && !root.startsWith(`${path.resolve(o.knowledgeDir)}${path.sep}`))
    throw new Error(`--into must be a folder inside the knowledge folder, not ${o.folder}`);
  const manifestFile = path.join(root, MANIFEST);
  const before = await readManifest(manifestFile);
  const after: Manifest = { source: o.source, files: {} };
  const report: ImportReport = { added: [], changed: [], removed: [], unchanged: 0, conflicts: [] };
  const byKey = new Map(Object.entries(before.files).map(([file, f]) => [f.key, file]));
  const taken = new Set<string>();
  const today = (o.now ?? new Date()).toISOString().slice(0, 10);

  for (const doc of o.docs) {
    const { key, title, url, slug } = doc.metadata;
    // An article keeps the file it had, even if its title or address changed since.
    let file = byKey.get(key) ?? `${slug}.md`;
    for (let n = 2; taken.has(file); n++) file = `${slug}-${n}.md`;
    taken.add(file);
    const content = doc.pageContent.trim();
    const previous = before.files[file];
    const abs = path.join(root, file);
    const onDisk = await fsp.readFile(abs, 'utf8').catch(() => undefined);
    if (previous && previous.key === key) {
      if (onDisk === undefined || hash(onDisk) !== previous.written) {
        report.conflicts.push({
          path: rel(o.folder, file),
          reason:
            onDisk === undefined
              ? 'deleted since the last import; not restored'
              : 'edited since the last import; kept as it is',
        });
        after.files[file] = previous;
        continue;
      }
      if (previous.content === hash(`${title}\n${url ?? ''}\n${content}`)) {
        report.unchanged++;
        after.files[file] = previous;
        continue;
      }
    } else if (onDisk !== undefined) {
      report.conflicts.push({
        path: rel(o.folder, file),
        reason: 'a file that was not imported is already there; kept as it is',
      });
      continue;
    }
    const text = `---\n${YAML.stringify({ title, ...(url ? { url } : {}), imported: today }).trim()}\n---\n\n${content}\n`;
    await atomicWrite(abs, text);
    after.files[file] = { key, content: hash(`${title}\n${url ?? ''}\n${content}`), written: hash(text) };
    (previous ? report.changed : report.added).push(rel(o.folder, file));
  }

  const seen = new Set(o.docs.map((d) => d.metadata.key));
  for (const [file, f] of Object.entries(before.files)) {
    if (seen.has(f.key) || after.files[file]) continue;
    const abs = path.join(root, file);
    const onDisk = await fsp.readFile(abs, 'utf8').catch(() => undefined);
    if (onDisk === undefined) continue;
    if (hash(onDisk) !== f.written) {
      report.conflicts.push({
        path: rel(o.folder, file),
        reason: 'gone from the source, but edited since the last import; kept',
      });
      continue;
    }
    await fsp.rm(abs);
    report.removed.push(rel(o.folder, file));
  }
  await fsp.mkdir(root, { recursive: true });
  await atomicWrite(manifestFile, `${JSON.stringify(after, null, 1)}\n`);
  return report;
}

async function readManifest(file: string): Promise<Manifest> {
  try {
    const m = JSON.parse(await fsp.readFile(file, 'utf8')) as Manifest;
    return m && typeof m.files === 'object' ? m : { source: '', files: {} };
  } catch {
    return { source: '', files: {} };
  }
}

function rel(folder: string, file: string): string {
  return path.posix.join(folder.split(path.sep).join('/'), file);
}
