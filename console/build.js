// Bundles the agent console: `node console/build.js`. Plain CommonJS, like widget/build.js.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const OUT_DIR = path.resolve(__dirname, '..', 'dist', 'public');

async function buildConsole({ outDir = OUT_DIR, minify = true } = {}) {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'console.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'src', 'index.ts')],
    bundle: true,
    minify,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outfile: file,
    legalComments: 'none',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(__dirname, 'index.html'), path.join(outDir, 'console.html'));
  fs.copyFileSync(path.join(__dirname, 'console.css'), path.join(outDir, 'console.css'));
  return { file, bytes: fs.statSync(file).size };
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
