import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EncodeReply, EncodeRequest } from './encoder-worker';

/**
 * The sentence encoder in a worker thread, shared by everything in the process (the model
 * loads once). ONNX Runtime's Node binding runs a model synchronously on the calling thread:
 * on the event loop, each question would stall every other visitor's stream for 2-3 ms, and
 * the lexical half of the search could not run meanwhile. A worker that dies fails what it
 * had in hand and is started again on the next request.
 */
export class EncoderThread {
  private worker?: Worker;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: Float32Array | null): void; reject(err: Error): void }>();

  static shared(): EncoderThread {
    return (sharedThread ??= new EncoderThread());
  }

  encode(text: string): Promise<Float32Array | null> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Only a request in flight keeps the process alive; an idle worker never does.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, text } satisfies EncodeRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // From dist/ the worker is compiled JavaScript; from src/ (tests, tsx) it is TypeScript,
    // which the worker's Node.js reads through tsx, as its parent does.
    const ts = path.extname(__filename) === '.ts';
    const worker = new Worker(path.join(__dirname, `encoder-worker${ts ? '.ts' : '.js'}`), ts ? { execArgv: ['--require', 'tsx/cjs'] } : {});
    worker.unref();
    worker.on('message', (reply: EncodeReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in reply) p.reject(new Error(`sentence encoder: ${reply.error}`));
      else p.resolve(reply.vector);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`sentence encoder thread exited (${code})`)));
    this.worker = worker;
    return worker;
  }
}

let sharedThread: EncoderThread | undefined;
