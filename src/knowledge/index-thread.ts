import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import type { Chunk, SearchHit } from './chunk';
import type { IndexFiles } from './create-index';
import type { IndexHost } from './index-host';
import type { IndexReply, IndexRequest } from './index-worker';
import type { QueryEmbedding } from './knowledge-index';

/** Deaths within RESTART_WINDOW_MS after which searches in hand fail instead of waiting for yet another thread. */
const MAX_QUICK_RESTARTS = 3;
const RESTART_WINDOW_MS = 10_000;

/** The requests that are answered. */
type Asked = Extract<IndexRequest, { id: number }>;
/** Omit over each member of a union. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

interface PendingSearch {
  req: Asked;
  resolve(hits: [string, number, number][]): void;
  reject(err: Error): void;
}

export interface IndexThreadOptions {
  /** The worker's script. @default index-worker (tests give one that fails on demand) */
  workerFile?: string;
}

/**
 * One worker thread holding every knowledge base's index in the process (with
 * RETRIEVAL_THREAD=1). Retrieval is the largest part of an answer's work on the server's own
 * thread, the one that also reads and writes every visitor's socket: 0.6-0.75 ms of 4.7 ms per
 * answer at 500 visitors, and 5-8 ms a question at 40,000 chunks. Here that thread only posts the
 * question and reads back chunk ids (0.3 ms at 40,000 chunks). It is off by default: on a 2-core
 * machine the extra hand-offs between threads cost more than the main thread saved (README,
 * session 9).
 *
 * Messages to one worker are handled in the order they were posted, so a search sees every
 * update made before it. A thread that dies, or whose update failed, is started again and
 * every index is replayed into it from what its ThreadedIndex kept; searches in hand are asked
 * again once the replay is in (unless threads keep dying: then they fail).
 */
export class IndexThread {
  /** Threads started so far, the first included (for tests). */
  starts = 0;
  private worker?: Worker;
  private readonly hosts = new Map<number, ThreadedIndex>();
  private readonly searches = new Map<number, PendingSearch>();
  private nextIndex = 0;
  private nextSearch = 0;
  private deaths: number[] = [];
  private readonly workerFile: string;

  constructor(opts: IndexThreadOptions = {}) {
    // From dist/ the worker is compiled JavaScript; from src/ (tests, tsx) it is TypeScript.
    this.workerFile = opts.workerFile ?? path.join(__dirname, `index-worker${path.extname(__filename)}`);
  }

  static shared(): IndexThread {
    return (sharedThread ??= new IndexThread());
  }

  /** Registers an index and opens it in the thread (starting the thread, which opens them all, if need be). */
  attach(host: ThreadedIndex): number {
    const index = this.nextIndex++;
    this.hosts.set(index, host);
    if (this.worker) host.replay(index);
    else this.start();
    return index;
  }

  detach(index: number): void {
    if (this.hosts.delete(index) && this.worker) this.worker.postMessage({ op: 'close', index } satisfies IndexRequest);
  }

  /**
   * An update or a hint. Without a thread (the last one died too often) one is started, and
   * its replay already has the change: the request then applies it a second time, which
   * changes nothing.
   */
  post(req: IndexRequest): void {
    this.running().postMessage(req);
  }

  /** A search, or a sync (answered once everything posted before it is in). */
  ask(req: WithoutId<Asked>): Promise<[string, number, number][]> {
    const worker = this.running();
    return new Promise((resolve, reject) => {
      const full = { ...req, id: this.nextSearch++ } as Asked;
      this.searches.set(full.id, { req: full, resolve, reject });
      // Only a search in hand keeps the process alive; an idle thread never does.
      if (this.searches.size === 1) worker.ref();
      worker.postMessage(full);
    });
  }

  private running(): Worker {
    if (!this.worker) this.start();
    return this.worker!;
  }

  private start(): void {
    const file = this.workerFile;
    const worker = new Worker(file, path.extname(file) === '.ts' ? { execArgv: ['--require', 'tsx/cjs'] } : {});
    this.worker = worker;
    this.starts++;
    worker.on('message', (reply: IndexReply) => {
      if ('failed' in reply) {
        this.report(new Error(`index thread: ${reply.failed}; starting it again`));
        // Nothing native runs there: ending it mid-work is safe, and its exit starts the next.
        void worker.terminate();
        return;
      }
      const pending = this.searches.get(reply.id);
      if (!pending) return;
      this.searches.delete(reply.id);
      if (this.searches.size === 0) worker.unref();
      if ('error' in reply) pending.reject(new Error(`index thread: ${reply.error}`));
      else pending.resolve(reply.hits);
    });
    const died = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const now = Date.now();
      this.deaths = [...this.deaths.filter((t) => now - t < RESTART_WINDOW_MS), now];
      if (this.deaths.length > MAX_QUICK_RESTARTS) {
        // Not again at once: the next request starts one.
        for (const s of this.searches.values()) s.reject(err);
        this.searches.clear();
        return;
      }
      if (this.hosts.size > 0 || this.searches.size > 0) this.start();
    };
    worker.on('error', (err) => {
      this.report(err);
      died(err);
    });
    worker.on('exit', (code) => died(new Error(`index thread exited (${code})`)));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    for (const [index, host] of this.hosts) host.replay(index);
    // Asked again after the replay: the thread that had them is gone.
    for (const s of this.searches.values()) worker.postMessage(s.req);
    if (this.searches.size > 0) worker.ref();
  }

  private report(err: Error): void {
    for (const host of this.hosts.values()) host.threadFailed(err);
  }
}

let sharedThread: IndexThread | undefined;

/**
 * A knowledge base's index on the index thread. It keeps the chunks it was given (they are the
 * knowledge base's own objects, vectors included): to turn a search's chunk ids back into
 * chunks, and to replay the index into a new thread.
 */
export class ThreadedIndex implements IndexHost {
  private readonly docs = new Map<string, Chunk[]>();
  private readonly chunks = new Map<string, Chunk>();
  private readonly index: number;

  constructor(
    private readonly files: IndexFiles,
    private readonly logger: Logger,
    private readonly thread: IndexThread = IndexThread.shared(),
  ) {
    this.index = thread.attach(this);
  }

  get chunkCount(): number {
    return this.chunks.size;
  }

  setDocument(path: string, chunks: Chunk[]): void {
    this.forget(path);
    this.docs.set(path, chunks);
    for (const c of chunks) this.chunks.set(c.id, c);
    this.thread.post({ op: 'set', index: this.index, path, chunks });
  }

  setVectors(path: string, chunks: Chunk[]): void {
    if (!this.docs.has(path)) return;
    // Kept for a replay, whichever objects the vectors came on.
    for (const c of chunks) {
      const kept = this.chunks.get(c.id);
      if (kept && kept !== c) kept.vector = c.vector;
    }
    this.thread.post({ op: 'vectors', index: this.index, path, chunks });
  }

  removeDocument(path: string): void {
    if (!this.docs.has(path)) return;
    this.forget(path);
    this.thread.post({ op: 'remove', index: this.index, path });
  }

  prefetch(query: string): void {
    this.thread.post({ op: 'prefetch', index: this.index, query });
  }

  async search(query: string, k: number, embedding?: QueryEmbedding): Promise<SearchHit[]> {
    const found = await this.thread.ask({ op: 'search', index: this.index, query, k, embedding });
    const hits: SearchHit[] = [];
    // A chunk removed here after the search was posted is not shown.
    for (const [id, rank, score] of found) {
      const chunk = this.chunks.get(id);
      if (chunk) hits.push({ chunk, rank, score });
    }
    return hits;
  }

  async settled(): Promise<void> {
    await this.thread.ask({ op: 'sync', index: this.index });
  }

  async close(): Promise<void> {
    this.thread.detach(this.index);
  }

  /** Opens this index in a (new) thread and sets every document again, in one go. */
  replay(index: number): void {
    this.thread.post({ op: 'open', index, files: this.files });
    for (const [path, chunks] of this.docs) this.thread.post({ op: 'set', index, path, chunks });
  }

  threadFailed(err: Error): void {
    this.logger.error({ err }, 'index thread failed; its indexes are replayed into a new one');
  }

  private forget(path: string): void {
    const old = this.docs.get(path);
    if (!old) return;
    for (const c of old) this.chunks.delete(c.id);
    this.docs.delete(path);
  }
}
