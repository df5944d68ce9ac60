import type { FileStore, FileVariant, StoredFile } from './file-store';

/** Files in memory: for the in-memory history and tests. */
export class MemoryFileStore implements FileStore {
  private readonly files = new Map<string, { file: StoredFile; data: Buffer; thumbnail?: Buffer }>();

  async put(file: StoredFile, data: Buffer, thumbnail?: Buffer): Promise<void> {
    this.files.set(file.id, { file: { ...file }, data: Buffer.from(data), ...(thumbnail ? { thumbnail } : {}) });
  }

  async get(id: string): Promise<StoredFile | null> {
    const f = this.files.get(id);
    return f ? { ...f.file } : null;
  }

  async read(id: string, variant: FileVariant): Promise<Buffer | null> {
    const f = this.files.get(id);
    return (variant === 'thumbnail' ? f?.thumbnail : f?.data) ?? null;
  }

  async delete(id: string): Promise<void> {
    this.files.delete(id);
  }

  async conversations(): Promise<string[]> {
    return [...new Set([...this.files.values()].map((f) => f.file.conversationId))];
  }

  async deleteConversations(conversationIds: readonly string[]): Promise<number> {
    const gone = new Set(conversationIds);
    let n = 0;
    for (const [id, f] of this.files)
      if (gone.has(f.file.conversationId)) {
        this.files.delete(id);
        n++;
      }
    return n;
  }

  async close(): Promise<void> {}
}
