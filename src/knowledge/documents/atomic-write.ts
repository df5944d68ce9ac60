import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file beside its target and renames it over it: readers (and the watcher) never see
 * half a file. Folders on the way are created; `mode` for files only their owner may read.
 */
export async function atomicWrite(abs: string, content: string | Buffer, opts: { mode?: number } = {}): Promise<void> {
  await fs.mkdir(path.dirname(abs), { recursive: true, ...(opts.mode ? { mode: 0o700 } : {}) });
  const tmp = path.join(path.dirname(abs), `.${path.basename(abs)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(tmp, 'wx', opts.mode ?? 0o666);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, abs);
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
}
