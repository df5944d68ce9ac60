const { buildWidget } = require('../widget/build');
const { buildConsole } = require('../console/build');

const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  // Word vectors, thesaurus and the sentence encoder's graph for hybrid retrieval (skipped when
  // up to date; about 9 s the first time).
  for (const step of ['build-word-vectors.ts', 'build-thesaurus.ts', 'build-sentence-encoder.ts']) {
    execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'src', 'knowledge', step)], { stdio: 'inherit' });
  }
  await Promise.all([buildWidget(), buildConsole()]);
};
