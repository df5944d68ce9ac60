const { buildWidget } = require('../widget/build');
const { buildConsole } = require('../console/build');

const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  // The word vectors for hybrid retrieval (skipped when up to date; about 6 s the first time).
  execFileSync(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'src', 'knowledge', 'build-word-vectors.ts')], { stdio: 'inherit' });
  await Promise.all([buildWidget(), buildConsole()]);
};
