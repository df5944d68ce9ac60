import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { atomicWrite } from '../knowledge/documents/atomic-write';
import { type FileStore, type FileVariant, type StoredFile, safeId } from './file-store';

/**
 * Files in a folder of DATA_DIR, readable only by the server's user: `f/<id>` (the bytes),
 * `f/<id>.thumb` and `f/<id>.json` (the record, written last: a file exists once its record
 * does), and an empty `c/<conversation>/<id>` per file, so that a conversation's files are found
 * without reading every record.
 */
export class DiskFileStore implements FileStore {
  constructor(private readonly root: string) {}

  async put(file: StoredFile, data: Buffer, thumbnail?: Buffer): Promise<void> {
    const base = this.base(file.id);
    const marker = path.join(this.root, 'c', checked(file.conversationId), file.id);
    await fsp.mkdir(path.dirname(base), { recursive: true, mode: 0o700 });
    await fsp.mkdir(path.dirname(marker), { recursive: true, mode: 0o700 });
    await writePrivate(marker, '');
    await writePrivate(base, data);
    if (thumbnail) await writePrivate(`${base}.thumb`, thumbnail);
    await writePrivate(`${base}.json`, JSON.stringify(file));
  }

  async get(id: string): Promise<StoredFile | null> {
    if (!safeId(id)) return null;
    const json = await fsp.readFile(`${this.base(id)}.json`, 'utf8').catch(() => null);
    return json ? (JSON.parse(json) as StoredFile) : null;
  }

  async read(id: string, variant: FileVariant): Promise<Buffer | null> {
    if (!(await this.get(id))) return null;
    const base = this.base(id);
    return fsp.readFile(variant === 'thumbnail' ? `${base}.thumb` : base).catch(() => null);
  }

  async delete(id: string): Promise<void> {
    const file = await this.get(id);
    if (!file) return;
    await this.remove(id);
    await fsp.rm(path.join(this.root, 'c', checked(file.conversationId), id), { force: true });
  }

  async conversations(): Promise<string[]> {
    const entries = await fsp.readdir(path.join(this.root, 'c'), { withFileTypes: true }).catch(() => []);
    return entries.filter((e) => e.isDirectory() && safeId(e.name)).map((e) => e.name);
  }

  async deleteConversations(conversationIds: readonly string[]): Promise<number> {
    let n = 0;
    for (const conversationId of conversationIds) {
      if (!safeId(conversationId)) continue;
      const dir = path.join(this.root, 'c', conversationId);
      for (const id of await fsp.readdir(dir).catch(() => [] as string[])) {
        if (!safeId(id)) continue;
        if (await this.get(id)) n++;
        await this.remove(id);
      }
      await fsp.rm(dir, { recursive: true, force: true });
    }
    return n;
  }

  async close(): Promise<void> {}

  private base(id: string): string {
    return path.join(this.root, 'f', checked(id));
  }

  /** The record first, so that a removal cut short leaves no file that looks whole. */
  private async remove(id: string): Promise<void> {
    const base = this.base(id);
    await fsp.rm(`${base}.json`, { force: true });
    await Promise.all([fsp.rm(base, { force: true }), fsp.rm(`${base}.thumb`, { force: true })]);
  }
}

function checked(id: string): string {
  if (!safeId(id)) throw new Error(`unsafe id for a file path: ${JSON.stringify(id)}`);
  return id;
}

/** Owner-only, written beside the target and renamed over it. */
function writePrivate(file: string, content: string | Buffer): Promise<void> {
  return atomicWrite(file, content, { mode: 0o600 });
}
