// `npm run dev`: the server from src/ under tsx, restarted when a server file changes, and the
// widget's and console's bundles rebuilt when theirs change. Needs the dev dependencies and a
// first `npm run build` (the derived retrieval files), which `npm install` has done.
const { spawn } = require('node:child_process');
const path = require('node:path');
const chokidar = require('chokidar');
const { buildWidget } = require('../widget/build');
const { buildConsole } = require('../console/build');

const root = path.resolve(__dirname, '..');
const bundles = [
  { name: 'widget', dir: path.join(root, 'widget'), build: () => buildWidget({ ifChanged: true }) },
  { name: 'console', dir: path.join(root, 'console'), build: () => buildConsole({ ifChanged: true }) },
];
const shared = ['protocol', 'markdown', 'browser'].map((d) => path.join(root, 'src', d));

async function rebuild(bundle) {
  try {
    const r = await bundle.build();
    if (!r.skipped) console.log(`dev: ${bundle.name} rebuilt (${(r.bytes / 1024).toFixed(1)} KB)`);
  } catch (err) {
    console.error(`dev: ${bundle.name} did not build: ${err.message}`);
  }
}

(async () => {
  await Promise.all(bundles.map(rebuild));
  let pending;
  chokidar
    .watch([...bundles.map((b) => b.dir), ...shared], { ignoreInitial: true, ignored: /node_modules/ })
    .on('all', () => {
      clearTimeout(pending);
      pending = setTimeout(() => bundles.forEach(rebuild), 100);
    });
  const server = spawn(process.execPath, [require.resolve('tsx/cli'), 'watch', path.join(root, 'src', 'server.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  const stop = () => server.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
})();
