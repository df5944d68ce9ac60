// Runs after `npm install` and `npm ci`, so that an install leaves a runnable build: the same
// steps as `npm run build`. A production install (`--omit=dev`) has no compiler or build-only
// packages; it runs the dist/ built beforehand (see docs/deploy.md), so there this step only
// removes the native binaries of other platforms.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { prunePlatforms, pruneRenderer } = require('./prune-platforms');

const root = path.resolve(__dirname, '..');
const removed = prunePlatforms(path.join(root, 'node_modules'));
if (removed.length > 0) console.log(`answerdesk: removed ${removed.length} other platforms' ONNX Runtime binaries`);
if (pruneRenderer(path.join(root, 'node_modules')).length > 0)
  console.log("answerdesk: removed pdf.js's page renderer and the builds the importer does not use");
try {
  require.resolve('typescript', { paths: [root] });
} catch {
  console.log('answerdesk: production install (no dev dependencies): using the dist/ built beforehand');
  process.exit(0);
}
execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
