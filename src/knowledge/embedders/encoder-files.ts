/**
 * The sentence encoder's files as the build writes them (see build-sentence-encoder): the ONNX
 * graph, its position signal and the word-piece vocabulary. The server reads only these, so a
 * production install needs neither the published weights nor the graph builder's packages.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Longest input the model was trained on, in word pieces; the rest of a text is cut. */
export const MAX_PIECES = 128;

/** Where the build puts the model: src/ and dist/ both sit under the project root. */
export const DEFAULT_ENCODER_DIR = path.resolve(__dirname, '..', '..', '..', 'dist', 'sentence-encoder');

export const ENCODER_FILES = { model: 'use-lite-int8.onnx', timing: 'timing.bin', vocabulary: 'vocab.json' } as const;

export interface EncoderFiles {
  /** Path of the ONNX graph. */
  model: string;
  timing: Float32Array;
  vocabulary: [string, number][];
}

export function loadEncoderFiles(dir = DEFAULT_ENCODER_DIR): EncoderFiles {
  const missing = Object.values(ENCODER_FILES).filter((f) => !existsSync(path.join(dir, f)));
  if (missing.length > 0)
    throw new Error(`The sentence encoder's ${missing.join(', ')} are missing from ${dir}: run \`npm run build\`.`);
  const bytes = readFileSync(path.join(dir, ENCODER_FILES.timing));
  return {
    model: path.join(dir, ENCODER_FILES.model),
    timing: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    vocabulary: JSON.parse(readFileSync(path.join(dir, ENCODER_FILES.vocabulary), 'utf8')) as [string, number][],
  };
}
