import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EncodeReply, EncodeRequest } from './encoder-worker';

/** Texts sent to the worker in one message: bounds how long a question waits behind a first start's batch. */
const MAX_BATCH = 128;

interface Waiting {
  text: string;
  resolve(v: Float32Array | null): void;
  reject(err: Error): void;
}

/**
 * The sentence encoder in a worker thread, shared by everything in the process (the model
 * loads once). ONNX Runtime's Node binding runs a model synchronously on the calling thread:
 * on the event loop, each question would stall every other visitor's stream for milliseconds,
 * and the lexical half of a search could not run meanwhile. Texts that arrive while the worker
 * is busy go together in its next run (a first start's thousands of titles, or questions from
 * visitors asking at once). A worker that dies fails what it had in hand and is started again
 * on the next request.
 */
export class EncoderThread {
  private worker?: Worker;
  private nextId = 0;
  private readonly queue: Waiting[] = [];
  private inFlight?: { id: number; items: Waiting[] };

  static shared(): EncoderThread {
    return (sharedThread ??= new EncoderThread());
  }

  /** Starts the thread now, which loads the model, so the first texts do not wait for it. */
  warm(): void {
    this.start();
  }

  encode(text: string): Promise<Float32Array | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      if (!this.inFlight) this.flush();
    });
  }

  private flush(): void {
    if (this.queue.length === 0) return;
    const worker = this.start();
    const items = this.queue.splice(0, MAX_BATCH);
    const id = this.nextId++;
    this.inFlight = { id, items };
    // Only work in hand keeps the process alive; an idle worker never does.
    worker.ref();
    worker.postMessage({ id, texts: items.map((i) => i.text) } satisfies EncodeRequest);
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // From dist/ the worker is compiled JavaScript; from src/ (tests, tsx) it is TypeScript,
    // which the worker's Node.js reads through tsx, as its parent does.
    const ts = path.extname(__filename) === '.ts';
    const worker = new Worker(path.join(__dirname, `encoder-worker${ts ? '.ts' : '.js'}`), ts ? { execArgv: ['--require', 'tsx/cjs'] } : {});
    worker.unref();
    worker.on('message', (reply: EncodeReply) => {
      const batch = this.inFlight;
      if (!batch || batch.id !== reply.id) return;
      this.inFlight = undefined;
      worker.unref();
      if ('error' in reply) for (const i of batch.items) i.reject(new Error(`sentence encoder: ${reply.error}`));
      else batch.items.forEach((i, j) => i.resolve(reply.vectors[j]));
      this.flush();
    });
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const batch = this.inFlight;
      this.inFlight = undefined;
      for (const i of batch?.items ?? []) i.reject(err);
      this.flush();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`sentence encoder thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}

let sharedThread: EncoderThread | undefined;
