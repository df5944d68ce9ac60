/**
 * Worker-thread entry of the sentence encoder (see EncoderThread). ONNX Runtime's Node binding
 * runs a model synchronously on the calling thread; here that thread is not the event loop.
 */
import { parentPort } from 'node:worker_threads';
import { SentenceEncoder } from './sentence-encoder';

export interface EncodeRequest {
  id: number;
  texts: string[];
}
export type EncodeReply = { id: number; vectors: (Float32Array | null)[] } | { id: number; error: string };

const port = parentPort;
if (port) {
  // The model loads as soon as the thread starts, while its parent is still reading the
  // knowledge base; a failure here is retried by the first request.
  SentenceEncoder.load().catch(() => undefined);
  port.on('message', (req: EncodeRequest) => {
    SentenceEncoder.load()
      .then((e) => e.encodeAll(req.texts))
      .then(
        (vectors) => port.postMessage({ id: req.id, vectors } satisfies EncodeReply, vectors.flatMap((v) => (v ? [v.buffer as ArrayBuffer] : []))),
        (err: unknown) => port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies EncodeReply),
      );
  });
}
