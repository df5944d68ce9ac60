// Bundles the widget into one script and copies the demo page: `node widget/build.js`.
// Plain CommonJS so `npm start` and jest's global setup can run it without a TypeScript loader.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const OUT_DIR = path.resolve(__dirname, '..', 'dist', 'public');

/** @returns {Promise<{ file: string, bytes: number, metafile?: import('esbuild').Metafile }>} */
async function buildWidget({ outDir = OUT_DIR, minify = true, metafile = false } = {}) {
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, 'widget.js');
  const result = await esbuild.build({
    metafile,
    entryPoints: [path.join(__dirname, 'src', 'index.ts')],
    bundle: true,
    minify,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outfile: file,
    legalComments: 'none',
    sourcemap: minify ? 'linked' : false,
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(__dirname, 'demo', 'index.html'), path.join(outDir, 'index.html'));
  return { file, bytes: fs.statSync(file).size, metafile: result.metafile };
}

module.exports = { buildWidget, OUT_DIR };

if (require.main === module) {
  buildWidget().then(
    ({ file, bytes }) => console.log(`widget: ${path.relative(process.cwd(), file)} ${(bytes / 1024).toFixed(1)} KB`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
