import type Database from 'better-sqlite3';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CheckpointRequest, CheckpointWorkerData } from './wal-checkpoint-worker';

/** How often the log is copied back: at 200 answers a second (some 17 log pages each), about 850 pages each time. */
const INTERVAL_MS = 250;
/** 64 MB of 4 KB pages: past this the checkpointer makes commits wait, so that the log starts over. */
const RESTART_PAGES = 16_384;
/**
 * The thread starts this long after the file's first connection: not during a server's start-up,
 * when both cores are busy reading and embedding the knowledge base, and a start-up writes
 * little to the log.
 */
const START_DELAY_MS = 1000;
/** SQLite's own default, put back on the connections if the thread fails. */
const AUTOCHECKPOINT_PAGES = 1000;

interface Entry {
  /** Started a moment after the first connection (see START_DELAY_MS). */
  worker?: Worker;
  starting?: NodeJS.Timeout;
  exited?: boolean;
  connections: Set<Database.Database>;
  stopping?: Promise<void>;
}

const files = new Map<string, Entry>();

/** For tests; they apply when a file's thread starts (its first connection). */
export interface CheckpointerOptions {
  intervalMs?: number;
  restartPages?: number;
  startDelayMs?: number;
  /** A stand-in worker script (one that fails on demand). */
  workerFile?: string;
}

/**
 * Moves a SQLite file's WAL checkpoints off the event loop. By default the connection whose
 * commit takes the write-ahead log past 1,000 pages copies it into the database and syncs both,
 * inside that commit: every 117th message appended took 3.5-9 ms instead of 0.06-0.1, and every
 * answer in flight waited behind it. Here each connection to `file` has automatic checkpoints
 * off, and one worker thread per file (shared by the history's and the agents' connections),
 * started a second after the first connection, checkpoints every 250 ms, PASSIVE, so it never blocks a reader or a writer; only if the log
 * passes 64 MB anyway (commits never paused long enough for a pass to copy all of it) does one
 * checkpoint make commits wait, so that the log starts over. Should the thread fail, its
 * connections get automatic checkpoints back, so the log never grows without bound.
 * Returns the release: the file's thread stops once its last connection is released.
 */
export function checkpointInBackground(file: string, db: Database.Database, opts: CheckpointerOptions = {}): () => Promise<void> {
  const key = path.resolve(file);
  db.pragma('wal_autocheckpoint = 0');
  // The log file is cut back to this size when it starts over (it is otherwise left as large as it grew).
  db.pragma(`journal_size_limit = ${RESTART_PAGES * 4096}`);
  let entry = files.get(key);
  if (!entry || entry.stopping) entry = start(key, opts);
  entry.connections.add(db);
  const owner = entry;
  return () => {
    owner.connections.delete(db);
    if (owner.connections.size > 0 || owner.stopping) return owner.stopping ?? Promise.resolve();
    if (files.get(key) === owner) files.delete(key);
    clearTimeout(owner.starting);
    const worker = owner.worker;
    owner.stopping =
      !worker || owner.exited
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.postMessage({ stop: true } satisfies CheckpointRequest);
          });
    return owner.stopping;
  };
}

function start(file: string, opts: CheckpointerOptions): Entry {
  const entry: Entry = { connections: new Set() };
  const failed = () => {
    if (entry.stopping) return;
    if (files.get(file) === entry) files.delete(file);
    for (const db of entry.connections) if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  };
  entry.starting = setTimeout(() => {
    // From dist/ the worker is compiled JavaScript; from src/ (tests, tsx) it is TypeScript, read through tsx.
    const script = opts.workerFile ?? path.join(__dirname, `wal-checkpoint-worker${path.extname(__filename)}`);
    const worker = new Worker(script, {
      workerData: { file, intervalMs: opts.intervalMs ?? INTERVAL_MS, restartPages: opts.restartPages ?? RESTART_PAGES } satisfies CheckpointWorkerData,
      ...(path.extname(script) === '.ts' ? { execArgv: ['--require', 'tsx/cjs'] } : {}),
    });
    worker.on('error', failed);
    worker.on('exit', () => {
      entry.exited = true;
      failed();
    });
    // A checkpointer never keeps the process alive by itself.
    worker.unref();
    entry.worker = worker;
  }, opts.startDelayMs ?? START_DELAY_MS);
  entry.starting.unref();
  files.set(file, entry);
  return entry;
}
