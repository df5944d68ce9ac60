const { buildWidget } = require('../widget/build');
const { buildConsole } = require('../console/build');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const BUILD_STEPS = path.join(ROOT, 'src', 'knowledge', 'build');
const DERIVED = [
  'dist/word-vectors/glove-100d.bin',
  'dist/word-vectors/wordnet.tsv',
  'dist/sentence-encoder/use-lite-int8.onnx',
  'dist/sentence-encoder/vocab.json',
].map((f) => path.join(ROOT, f));
/** Touched after each run of the build steps: they skip what is up to date without touching it. */
const STAMP = path.join(ROOT, 'dist', '.derived-checked');

/** The derived files exist, and the build steps ran since any of them last changed. */
function derivedUpToDate() {
  if (!fs.existsSync(STAMP) || !DERIVED.every((f) => fs.existsSync(f))) return false;
  const newestStep = Math.max(
    ...fs.readdirSync(BUILD_STEPS).map((f) => fs.statSync(path.join(BUILD_STEPS, f)).mtimeMs),
  );
  return fs.statSync(STAMP).mtimeMs > newestStep;
}

module.exports = async () => {
  // Word vectors, thesaurus and the sentence encoder's graph for hybrid retrieval, and the
  // widget's and console's bundles: each made only when missing or older than its sources, so
  // running one test file costs no build.
  if (!derivedUpToDate()) {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(BUILD_STEPS, 'build-all.ts')], { stdio: 'inherit' });
    fs.writeFileSync(STAMP, new Date().toISOString());
  }
  await Promise.all([buildWidget({ ifChanged: true }), buildConsole({ ifChanged: true })]);
};
