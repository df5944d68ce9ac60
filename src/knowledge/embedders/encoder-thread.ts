import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EncodeReply, EncodeRequest } from './encoder-worker';
import { keepRuntimeOffline } from './offline-runtime';

/** Texts sent to a worker in one message. */
const MAX_BATCH = 128;
/** Background texts in one message: bounds how long a question waits behind a first load's batch. */
const MAX_BACKGROUND_BATCH = 16;
/** Texts waiting, with the first thread busy, from which a second thread is started to share them. */
const HELPER_BACKLOG = 256;

interface Waiting {
  text: string;
  resolve(v: Float32Array | null): void;
  reject(err: Error): void;
  /** Who asked, so that one caller's background work can be called off (see `cancel`). */
  owner?: object;
}

/** One worker thread and the batch it has in hand. */
interface Lane {
  worker: Worker;
  inFlight?: { id: number; items: Waiting[] };
  idle?: NodeJS.Timeout;
}

export interface EncoderThreadOptions {
  /** A second thread with nothing to do for this long is stopped, giving back its memory (some 60 MB). @default 5000 */
  helperIdleMs?: number;
  /** Threads at most: the second only ever works through a backlog. @default 2, or 1 on a one-core machine */
  maxThreads?: number;
  /** The worker's script. @default encoder-worker (tests give a stand-in that can die on demand) */
  workerFile?: string;
}

/**
 * The sentence encoder in a worker thread, shared by everything in the process (the model
 * loads once). ONNX Runtime's Node binding runs a model synchronously on the calling thread:
 * on the event loop, each question would stall every other visitor's stream for milliseconds,
 * and the lexical half of a search could not run meanwhile. Texts that arrive while the worker
 * is busy go together in its next run (a first start's thousands of titles, or questions from
 * visitors asking at once).
 *
 * A backlog (a first start, a folder replaced at once) is shared with a second thread, with its
 * own copy of the model, stopped again once idle: two threads with a model each finish a backlog
 * sooner than one thread running ONNX Runtime's parallel operators, whose second thread waits
 * on the first between operators (see docs/decisions/sentence-encoder-thread.md).
 * A worker that dies fails what it had in hand and is started again on the next request. None
 * is ever terminate()d: stopped inside ONNX Runtime, a thread can take the process down with it
 * (an uncaught native error), so an idle helper is asked to end instead.
 */
export class EncoderThread {
  /** [the thread for good, the helper while there is a backlog] */
  private readonly lanes: (Lane | undefined)[] = [];
  private nextId = 0;
  /** Questions and edits someone waits for, then the background's texts. */
  private readonly queue: Waiting[] = [];
  private readonly background: Waiting[] = [];
  private readonly helperIdleMs: number;
  private readonly maxThreads: number;
  private readonly workerFile: string;

  constructor(opts: EncoderThreadOptions = {}) {
    this.helperIdleMs = opts.helperIdleMs ?? 5000;
    this.maxThreads = opts.maxThreads ?? Math.min(2, os.availableParallelism());
    // From dist/ the worker is compiled JavaScript; from src/ (tests, tsx) it is TypeScript,
    // which the worker's Node.js reads through tsx, as its parent does.
    this.workerFile = opts.workerFile ?? path.join(__dirname, `encoder-worker${path.extname(__filename)}`);
  }

  static shared(): EncoderThread {
    return (sharedThread ??= new EncoderThread());
  }

  /**
   * Starts the thread now, which loads the model, so the first texts do not wait for it. With
   * `backlog` (nothing is cached: a first start is about to embed the whole knowledge base) the
   * second thread starts too, rather than once the backlog has built up.
   */
  warm(opts: { backlog?: boolean } = {}): void {
    this.lane(0);
    if (opts.backlog && this.maxThreads > 1) this.idleHelper(this.lane(1));
  }

  /** Threads running now (the second only while there is a backlog). */
  get threads(): number {
    return this.lanes.filter(Boolean).length;
  }

  /** `background` texts wait for every `urgent` one (questions, an edit someone waits for). */
  encode(text: string, priority: 'urgent' | 'background' = 'urgent', owner?: object): Promise<Float32Array | null> {
    return new Promise((resolve, reject) => {
      (priority === 'urgent' ? this.queue : this.background).push({ text, resolve, reject, owner });
      this.dispatch();
    });
  }

  /**
   * Calls off `owner`'s background texts still waiting (they reject) and resolves once no
   * thread is running a batch: a process may then exit, which it cannot safely do while ONNX
   * Runtime runs a model on one of its threads.
   */
  async cancel(owner: object): Promise<void> {
    const cancelled = new Error('sentence encoder: cancelled');
    for (let i = this.background.length - 1; i >= 0; i--) {
      if (this.background[i].owner !== owner) continue;
      this.background[i].reject(cancelled);
      this.background.splice(i, 1);
    }
    while (this.lanes.some((lane) => lane?.inFlight)) await new Promise((r) => setTimeout(r, 5));
  }

  private dispatch(): void {
    for (let i = 0; i < this.maxThreads && this.queue.length + this.background.length > 0; i++) {
      if (i > 0 && !this.lanes[i] && this.queue.length + this.background.length < HELPER_BACKLOG) return;
      const lane = this.lane(i);
      if (lane.inFlight) continue;
      clearTimeout(lane.idle);
      const items = this.queue.length
        ? this.queue.splice(0, MAX_BATCH)
        : this.background.splice(0, MAX_BACKGROUND_BATCH);
      const id = this.nextId++;
      lane.inFlight = { id, items };
      // Only work in hand keeps the process alive; an idle worker never does.
      lane.worker.ref();
      lane.worker.postMessage({ id, texts: items.map((w) => w.text) } satisfies EncodeRequest);
    }
  }

  private lane(i: number): Lane {
    const existing = this.lanes[i];
    if (existing) return existing;
    keepRuntimeOffline();
    const worker = new Worker(
      this.workerFile,
      path.extname(this.workerFile) === '.ts' ? { execArgv: ['--require', 'tsx/cjs'] } : {},
    );
    const lane: Lane = { worker };
    worker.on('message', (reply: EncodeReply) => {
      const batch = lane.inFlight;
      if (!batch || batch.id !== reply.id) return;
      lane.inFlight = undefined;
      worker.unref();
      if ('error' in reply) for (const w of batch.items) w.reject(new Error(`sentence encoder: ${reply.error}`));
      else batch.items.forEach((w, j) => w.resolve(reply.vectors[j]));
      this.dispatch();
      if (i > 0 && !lane.inFlight) this.idleHelper(lane);
    });
    const fail = (err: Error) => {
      if (this.lanes[i] !== lane) return;
      this.lanes[i] = undefined;
      clearTimeout(lane.idle);
      for (const w of lane.inFlight?.items ?? []) w.reject(err);
      this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`sentence encoder thread exited (${code})`)));
    // After the listeners: adding a 'message' listener refs the worker's port again.
    worker.unref();
    this.lanes[i] = lane;
    return lane;
  }

  /** Stops the helper if it gets no work for a while. */
  private idleHelper(lane: Lane): void {
    clearTimeout(lane.idle);
    lane.idle = setTimeout(() => {
      const i = this.lanes.indexOf(lane);
      if (i <= 0 || lane.inFlight) return;
      this.lanes[i] = undefined;
      lane.worker.postMessage({ stop: true } satisfies EncodeRequest);
    }, this.helperIdleMs);
    lane.idle.unref();
  }
}

let sharedThread: EncoderThread | undefined;
