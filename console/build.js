// Bundles the agent console: `node console/build.js`. Plain CommonJS, like widget/build.js.
const fs = require('node:fs');
const path = require('node:path');
const { bundle, OUT_DIR } = require('../widget/build');

async function buildConsole({ outDir = OUT_DIR, minify = true, ifChanged = false } = {}) {
  const page = path.join(__dirname, 'index.html');
  const css = path.join(__dirname, 'console.css');
  const built = await bundle({
    entry: path.join(__dirname, 'src', 'index.ts'),
    outfile: path.join(outDir, 'console.js'),
    minify,
    ifChanged,
    extra: [page, css],
  });
  fs.copyFileSync(page, path.join(outDir, 'console.html'));
  fs.copyFileSync(css, path.join(outDir, 'console.css'));
  return { file: built.file, bytes: built.bytes, skipped: built.skipped === true };
}

module.exports = { buildConsole, OUT_DIR };

if (require.main === module) {
  buildConsole().then(
    ({ file, bytes }) => console.log(`console: ${path.relative(process.cwd(), file)} ${(bytes / 1024).toFixed(1)} KB`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
