import type pg from 'pg';
import type { FileStore, FileVariant, StoredFile } from '../files/file-store';

/** Files in PostgreSQL beside the history (the `files` table), so that every node serves every file. */
export class PostgresFileStore implements FileStore {
  constructor(private readonly pool: pg.Pool) {}

  async put(file: StoredFile, data: Buffer, thumbnail?: Buffer): Promise<void> {
    await this.pool.query(
      `INSERT INTO files (id, conversation_id, record, original, thumbnail, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [file.id, file.conversationId, JSON.stringify(file), data, thumbnail ?? null, file.createdAt],
    );
  }

  async get(id: string): Promise<StoredFile | null> {
    const { rows } = await this.pool.query<{ record: StoredFile }>('SELECT record FROM files WHERE id = $1', [id]);
    return rows[0]?.record ?? null;
  }

  async read(id: string, variant: FileVariant): Promise<Buffer | null> {
    const column = variant === 'thumbnail' ? 'thumbnail' : 'original';
    const { rows } = await this.pool.query<{ bytes: Buffer | null }>(
      `SELECT ${column} AS bytes FROM files WHERE id = $1`,
      [id],
    );
    return rows[0]?.bytes ?? null;
  }

  async delete(id: string): Promise<void> {
    await this.pool.query('DELETE FROM files WHERE id = $1', [id]);
  }

  async conversations(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT DISTINCT conversation_id AS id FROM files');
    return rows.map((r) => r.id);
  }

  async deleteConversations(conversationIds: readonly string[]): Promise<number> {
    if (conversationIds.length === 0) return 0;
    const { rowCount } = await this.pool.query('DELETE FROM files WHERE conversation_id = ANY($1)', [
      [...conversationIds],
    ]);
    return rowCount ?? 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
