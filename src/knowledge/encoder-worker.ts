/**
 * Worker-thread entry of the sentence encoder (see EncoderThread). ONNX Runtime's Node binding
 * runs a model synchronously on the calling thread; here that thread is not the event loop.
 */
import { parentPort } from 'node:worker_threads';
import { SentenceEncoder } from './sentence-encoder';

export interface EncodeRequest {
  id: number;
  text: string;
}
export type EncodeReply = { id: number; vector: Float32Array | null } | { id: number; error: string };

const port = parentPort;
if (port) {
  port.on('message', (req: EncodeRequest) => {
    SentenceEncoder.load()
      .then((e) => e.encode(req.text))
      .then(
        (vector) => port.postMessage({ id: req.id, vector } satisfies EncodeReply, vector ? [vector.buffer as ArrayBuffer] : []),
        (err: unknown) => port.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) } satisfies EncodeReply),
      );
  });
}
