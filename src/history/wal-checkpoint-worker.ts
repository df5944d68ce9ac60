/**
 * Worker-thread entry of the WAL checkpointer (see checkpointInBackground): its own connection
 * to the SQLite file, copying the write-ahead log back into the database every `intervalMs`.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

export interface CheckpointWorkerData {
  file: string;
  intervalMs: number;
  /** Log pages from which a checkpoint may make writers wait, so that the log can start over. */
  restartPages: number;
}
/** The parent asks the thread to end (not terminate(): a thread stopped inside SQLite's C code can take the process down). */
export type CheckpointRequest = { stop: true };

interface CheckpointResult {
  busy: number;
  /** Frames in the log. */
  log: number;
  /** Of those, frames copied into the database. */
  checkpointed: number;
}

const port = parentPort;
if (port) {
  const { file, intervalMs, restartPages } = workerData as CheckpointWorkerData;
  const db = new Database(file, { fileMustExist: true });
  // As the writers' connections (openSqlite): a checkpoint syncs the log before copying it and
  // the database after, never at every commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  const passive = db.prepare<[], CheckpointResult>('PRAGMA wal_checkpoint(PASSIVE)');
  const restart = db.prepare<[], CheckpointResult>('PRAGMA wal_checkpoint(RESTART)');
  const tick = () => {
    // PASSIVE never waits for a reader or a writer. The log starts over (instead of growing) at
    // the first commit after every frame in it has been copied; a pass reports the frames it
    // saw when it began, so it is repeated, each time shorter, until one finds nothing new.
    let r = passive.get()!;
    for (let i = 0, seen = -1; i < 6 && r.log !== seen; i++) {
      seen = r.log;
      r = passive.get()!;
    }
    // Commits never paused long enough: make them wait this once (about a millisecond) rather
    // than let the log grow.
    if (r.log > restartPages) restart.get();
  };
  const timer = setInterval(tick, intervalMs);
  port.on('message', (_req: CheckpointRequest) => {
    clearInterval(timer);
    db.close();
    port.close();
  });
}
