import type { Attachment } from '../protocol/dto';

/** A stored file: what messages show of it, and whose it is. */
export interface StoredFile extends Attachment {
  conversationId: string;
  /** ISO 8601. */
  createdAt: string;
  /** Who sent it. */
  from: 'visitor' | 'agent';
}

/** The bytes kept of a file: as sent (images re-encoded without metadata) and, for images, a thumbnail. */
export type FileVariant = 'original' | 'thumbnail';

/**
 * Where the files of conversations are kept: under DATA_DIR by default, in Redis or PostgreSQL
 * beside the history when several nodes share it. Every implementation passes
 * test/contracts/file-store.contract.ts. Access rules are the caller's (see Attachments): a store
 * hands out whatever it is asked for.
 */
export interface FileStore {
  /** Keeps a file; `thumbnail` for images. Ids are the caller's (random), never reused. */
  put(file: StoredFile, data: Buffer, thumbnail?: Buffer): Promise<void>;
  /** The file's record, or null. */
  get(id: string): Promise<StoredFile | null>;
  /** Its bytes, or null when there are none (no such file, or no thumbnail). */
  read(id: string, variant: FileVariant): Promise<Buffer | null>;
  /** Removes one file (an upload whose message already existed). */
  delete(id: string): Promise<void>;
  /** Conversations that have files, to find those whose conversation is gone. */
  conversations(): Promise<string[]>;
  /** Removes every file of these conversations; returns how many files went. */
  deleteConversations(conversationIds: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

/** A file id or conversation id as stores use it in paths and keys: nothing but safe characters. */
export function safeId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,100}$/.test(id);
}
