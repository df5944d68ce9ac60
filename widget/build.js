// Bundles the widget into one script and copies the demo page: `node widget/build.js`.
// Plain CommonJS so `npm start` and jest's global setup can run it without a TypeScript loader.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const OUT_DIR = path.resolve(__dirname, '..', 'dist', 'public');

/** One browser script from one entry: the widget's and the console's bundles are made alike. */
async function bundle({ entry, outfile, minify = true, metafile = false }) {
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const result = await esbuild.build({
    metafile,
    entryPoints: [entry],
    bundle: true,
    minify,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outfile,
    legalComments: 'none',
    sourcemap: minify ? 'linked' : false,
    logLevel: 'warning',
  });
  return { file: outfile, bytes: fs.statSync(outfile).size, metafile: result.metafile };
}

/** @returns {Promise<{ file: string, bytes: number, metafile?: import('esbuild').Metafile }>} */
async function buildWidget({ outDir = OUT_DIR, minify = true, metafile = false } = {}) {
  const built = await bundle({ entry: path.join(__dirname, 'src', 'index.ts'), outfile: path.join(outDir, 'widget.js'), minify, metafile });
  fs.copyFileSync(path.join(__dirname, 'demo', 'index.html'), path.join(outDir, 'index.html'));
  return built;
}

module.exports = { buildWidget, bundle, OUT_DIR };

if (require.main === module) {
  buildWidget().then(
    ({ file, bytes }) => console.log(`widget: ${path.relative(process.cwd(), file)} ${(bytes / 1024).toFixed(1)} KB`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
