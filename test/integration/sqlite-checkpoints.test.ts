import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, openSync, readSync, closeSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteHistoryStore } from '../../src/history/sqlite-history-store';
import { checkpointInBackground } from '../../src/history/wal-checkpointer';
import { eventually } from '../support/eventually';

/** The database file holds every page (the log has been copied into it), not only those from before the last commits. */
function copiedIn(file: string, db: Database.Database): boolean {
  return statSync(file).size >= (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
}
const dbOf = (store: SqliteHistoryStore) => (store as unknown as { db: Database.Database }).db;

/** The log's checkpoint sequence number (WAL header bytes 12-15): it goes up each time the log starts over. */
function logGeneration(dbFile: string): number {
  const fd = openSync(`${dbFile}-wal`, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.readUInt32BE(12);
  } finally {
    closeSync(fd);
  }
}

const tick = () => new Promise((r) => setImmediate(r));

describe('WAL checkpoints on their own thread', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-wal-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function fill(store: SqliteHistoryStore, messages: number): Promise<void> {
    const { id } = await store.createConversation({ visitorId: 'v1' });
    for (let i = 0; i < messages; i++) {
      await store.appendMessage({ conversationId: id, role: 'visitor', text: `question ${i} `.repeat(20), clientMessageId: `c${i}` });
      if (i % 10 === 0) await tick();
    }
  }

  it('never checkpoints inside a commit, and the thread copies the log into the database', async () => {
    const file = path.join(dir, 'a.db');
    const store = new SqliteHistoryStore(file);
    const db = dbOf(store);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // Some 2,000 log pages: past SQLite's own 1,000-page checkpoint, which is now off.
    await fill(store, 600);
    expect(db.pragma('page_count', { simple: true })).toBeGreaterThan(50);
    await eventually(() => copiedIn(file, db), 8000, 'the database file to receive the log');
    const all = await store.listMessages((await store.latestConversation('v1'))!.id);
    expect(all).toHaveLength(600);
    await store.close();
  });

  it('lets the log start over instead of growing, while commits go on', async () => {
    const file = path.join(dir, 'b.db');
    const store = new SqliteHistoryStore(file);
    await fill(store, 10);
    const first = logGeneration(file);
    const { id } = await store.createConversation({ visitorId: 'v2' });
    let n = 0;
    await eventually(async () => {
      for (let i = 0; i < 20; i++) await store.appendMessage({ conversationId: id, role: 'visitor', text: `more ${n++}` });
      return logGeneration(file) > first;
    }, 8000, 'the log to start over');
    await store.close();
  });

  it('keeps checkpointing for the connections left when one lets go', async () => {
    const file = path.join(dir, 'c.db');
    const a = new SqliteHistoryStore(file);
    const b = new SqliteHistoryStore(file);
    await a.close();
    await fill(b, 600);
    await eventually(() => copiedIn(file, dbOf(b)), 8000, 'checkpoints for the remaining connection');
    await b.close();
  });

  it('gives the connections automatic checkpoints back if the thread fails', async () => {
    const file = path.join(dir, 'd.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    const failing = path.join(dir, 'failing-worker.js');
    writeFileSync(failing, "throw new Error('checkpointer down');\n");
    const release = checkpointInBackground(file, db, { workerFile: failing });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await eventually(() => db.pragma('wal_autocheckpoint', { simple: true }) === 1000, 8000, 'automatic checkpoints to be back');
    db.close();
    await release();
  });

  it('ends the thread when the last connection lets go', async () => {
    const file = path.join(dir, 'e.db');
    const store = new SqliteHistoryStore(file);
    await fill(store, 5);
    await eventually(() => copiedIn(file, dbOf(store)), 8000, 'the thread to be at work');
    // close() resolves once the thread has exited; a thread left running would keep this from resolving in time.
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([store.close().then(() => 'closed'), new Promise((r) => (timer = setTimeout(() => r('timeout'), 5000)))]);
    clearTimeout(timer);
    expect(outcome).toBe('closed');
    // The log is removed by the last connection to close: here the thread's, so it has closed too.
    expect(existsSync(`${file}-wal`)).toBe(false);
  });
});
