import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/**
 * One connection to the project's SQLite file, set up the same way for every store that
 * shares it (history, agents): WAL, so readers never wait for the writer; NORMAL sync, which
 * in WAL loses at most the last transactions on power loss and never corrupts; a busy timeout
 * for the moments two connections write; foreign keys on; secure delete, so that a visitor's
 * erased messages or a purged conversation are overwritten in the file, not left in free pages.
 * `file` may be `:memory:`; otherwise its folder is created.
 */
export function openSqlite(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('secure_delete = ON');
  return db;
}
