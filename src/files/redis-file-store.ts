import { commandOptions } from 'redis';
import { connectRedis, type RedisClient, type RedisOptions } from '../history/redis-connection';
import type { FileStore, FileVariant, StoredFile } from './file-store';

/**
 * Files in Redis beside the history, so that every node serves every file: a hash per file
 * (`record`, `original`, `thumbnail`) and a set of file ids per conversation. Redis keeps them in
 * memory: MAX_FILE_BYTES and RATE_LIMIT_FILES bound what a visitor can put there.
 */
export class RedisFileStore implements FileStore {
  private constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, opts: { prefix?: string } & RedisOptions = {}): Promise<RedisFileStore> {
    return new RedisFileStore(await connectRedis(url, opts), opts.prefix ?? 'ad:');
  }

  private k(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  async put(file: StoredFile, data: Buffer, thumbnail?: Buffer): Promise<void> {
    await this.client
      .multi()
      .hSet(this.k('file', file.id), {
        original: data,
        ...(thumbnail ? { thumbnail } : {}),
        record: JSON.stringify(file),
      })
      .sAdd(this.k('files', file.conversationId), file.id)
      .sAdd(this.k('files'), file.conversationId)
      .exec();
  }

  async get(id: string): Promise<StoredFile | null> {
    const record = await this.client.hGet(this.k('file', id), 'record');
    return record ? (JSON.parse(record) as StoredFile) : null;
  }

  async read(id: string, variant: FileVariant): Promise<Buffer | null> {
    return (await this.client.hGet(commandOptions({ returnBuffers: true }), this.k('file', id), variant)) ?? null;
  }

  async delete(id: string): Promise<void> {
    const file = await this.get(id);
    if (!file) return;
    await this.client.multi().del(this.k('file', id)).sRem(this.k('files', file.conversationId), id).exec();
  }

  async conversations(): Promise<string[]> {
    return this.client.sMembers(this.k('files'));
  }

  async deleteConversations(conversationIds: readonly string[]): Promise<number> {
    let n = 0;
    for (const conversationId of conversationIds) {
      const ids = await this.client.sMembers(this.k('files', conversationId));
      const tx = this.client.multi();
      for (const id of ids) tx.del(this.k('file', id));
      tx.del(this.k('files', conversationId)).sRem(this.k('files'), conversationId);
      const results = (await tx.exec()) as unknown as number[];
      n += results.slice(0, ids.length).reduce((a, b) => a + Number(b), 0);
    }
    return n;
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => undefined);
  }
}
