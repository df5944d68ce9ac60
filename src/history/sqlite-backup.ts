import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** What of DATA_DIR a backup holds: the database (history and agents), the token key, conversations' files. */
export const DATABASE_FILE = 'answerdesk.db';
const SECRET_FILE = 'server-secret.key';
const FILES_DIR = 'files';

export interface BackupResult {
  dir: string;
  bytes: number;
  conversations: number;
  agents: number;
}

/**
 * Copies the SQLite database with SQLite's online backup API, so the server keeps running and the
 * copy is a consistent snapshot (a plain file copy of a WAL database may not be). The backup is a
 * folder: the database, the visitor-token key when there is one, the conversations' files and the
 * knowledge files. Conversations' files are copied after the database: each was written before the
 * message that shows it, so every file the copy's messages show is in the backup.
 */
export async function backupSqlite(o: {
  dataDir: string;
  knowledgeDir: string;
  outDir: string;
}): Promise<BackupResult> {
  const source = path.join(o.dataDir, DATABASE_FILE);
  if (!existsSync(source)) throw new Error(`No database at ${source}: nothing to back up.`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(o.outDir, `answerdesk-backup-${stamp}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, DATABASE_FILE);
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  // One self-contained file: the copy keeps no write-ahead log of its own.
  const copy = new Database(target);
  copy.pragma('journal_mode = DELETE');
  copy.close();
  chmodSync(target, 0o600);
  const counts = checkDatabase(target);
  if (existsSync(path.join(o.dataDir, SECRET_FILE))) {
    copyFileSync(path.join(o.dataDir, SECRET_FILE), path.join(dir, SECRET_FILE));
    chmodSync(path.join(dir, SECRET_FILE), 0o600);
  }
  const files = path.join(o.dataDir, FILES_DIR);
  if (existsSync(files)) cpSync(files, path.join(dir, FILES_DIR), { recursive: true });
  if (existsSync(o.knowledgeDir)) cpSync(o.knowledgeDir, path.join(dir, 'knowledge'), { recursive: true });
  return { dir, bytes: statSync(target).size, ...counts };
}

/**
 * Puts a backup back into DATA_DIR, with the server stopped: the database is checked, written
 * beside the old one and renamed over it (a crash midway leaves the old one), and the old
 * write-ahead log is removed so that it cannot be replayed onto the restored file.
 */
export function restoreSqlite(o: { from: string; dataDir: string }): BackupResult {
  const from = statSync(o.from).isDirectory() ? path.join(o.from, DATABASE_FILE) : o.from;
  const counts = checkDatabase(from);
  mkdirSync(o.dataDir, { recursive: true });
  const target = path.join(o.dataDir, DATABASE_FILE);
  const partial = `${target}.restoring`;
  copyFileSync(from, partial);
  chmodSync(partial, 0o600);
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(partial, target);
  const secret = path.join(path.dirname(from), SECRET_FILE);
  if (existsSync(secret)) {
    copyFileSync(secret, path.join(o.dataDir, SECRET_FILE));
    chmodSync(path.join(o.dataDir, SECRET_FILE), 0o600);
  }
  // The backup's files replace DATA_DIR's, copied beside them first.
  const files = path.join(path.dirname(from), FILES_DIR);
  if (existsSync(files)) {
    const into = path.join(o.dataDir, FILES_DIR);
    rmSync(`${into}.restoring`, { recursive: true, force: true });
    cpSync(files, `${into}.restoring`, { recursive: true });
    rmSync(into, { recursive: true, force: true });
    renameSync(`${into}.restoring`, into);
  }
  return { dir: o.dataDir, bytes: statSync(target).size, ...counts };
}

/** Opens a copy read-only and runs SQLite's integrity check; throws when the file is damaged. */
function checkDatabase(file: string): { conversations: number; agents: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = db.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`${file} failed SQLite's integrity check: ${String(result)}`);
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number } | undefined)?.n ?? 0;
    return { conversations: count('conversations'), agents: count('agents') };
  } finally {
    db.close();
  }
}
