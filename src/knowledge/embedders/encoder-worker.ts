/**
 * Worker-thread entry of the sentence encoder (see EncoderThread). ONNX Runtime's Node binding
 * runs a model synchronously on the calling thread; here that thread is not the event loop.
 */
import { parentPort } from 'node:worker_threads';
import { SentenceEncoder } from './sentence-encoder';

/** Texts to encode, or the parent asking the thread to end once idle (see EncoderThread). */
export type EncodeRequest = { id: number; texts: string[] } | { stop: true };
export type EncodeReply = { id: number; vectors: (Float32Array | null)[] } | { id: number; error: string };

const port = parentPort;
if (port) {
  // The model loads as soon as the thread starts, while its parent is still reading the
  // knowledge base; a failure here is retried by the first request.
  SentenceEncoder.load().catch(() => undefined);
  port.on('message', (req: EncodeRequest) => {
    if ('stop' in req) {
      // Not terminate(): a thread stopped while ONNX Runtime was still loading its model took
      // the whole process down (a native error thrown after its isolate was gone). Once the
      // model is in, closing the port leaves the thread nothing to do, and it ends.
      void SentenceEncoder.load()
        .catch(() => undefined)
        .finally(() => port.close());
      return;
    }
    SentenceEncoder.load()
      .then((e) => e.encodeAll(req.texts))
      .then(
        (vectors) =>
          port.postMessage(
            { id: req.id, vectors } satisfies EncodeReply,
            vectors.flatMap((v) => (v ? [v.buffer as ArrayBuffer] : [])),
          ),
        (err: unknown) =>
          port.postMessage({
            id: req.id,
            error: err instanceof Error ? err.message : String(err),
          } satisfies EncodeReply),
      );
  });
}
