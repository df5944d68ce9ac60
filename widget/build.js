// Bundles the widget into one script and copies the demo page: `node widget/build.js`.
// Plain CommonJS so `npm start` and jest's global setup can run it without a TypeScript loader.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const OUT_DIR = path.resolve(__dirname, '..', 'dist', 'public');

/** The source files the last build of `outfile` read, kept beside it. */
const inputsFile = (outfile) => `${outfile}.inputs.json`;

/** Whether `outfile` was built after every source it was built from last time (and `extra` files) changed. */
function upToDate(outfile, extra = []) {
  if (![outfile, inputsFile(outfile), `${outfile}.br`, `${outfile}.gz`].every((f) => fs.existsSync(f))) return false;
  const built = fs.statSync(outfile).mtimeMs;
  const inputs = [...JSON.parse(fs.readFileSync(inputsFile(outfile), 'utf8')), ...extra];
  return inputs.every((f) => fs.existsSync(f) && fs.statSync(f).mtimeMs < built);
}

/**
 * Writes `file.gz` (gzip -9) and `file.br` (brotli 11) beside a bundle: the server sends the
 * smallest the browser accepts, without compressing on every request.
 */
function precompress(file) {
  const body = fs.readFileSync(file);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(body, { level: 9 }));
  fs.writeFileSync(
    `${file}.br`,
    zlib.brotliCompressSync(body, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  );
}

/**
 * One browser script from one entry: the widget's and the console's bundles are made alike.
 * With `ifChanged`, nothing is done when no source changed since the last build (jest's setup).
 */
async function bundle({ entry, outfile, minify = true, metafile = false, ifChanged = false, extra = [] }) {
  if (ifChanged && upToDate(outfile, extra)) return { file: outfile, bytes: fs.statSync(outfile).size, skipped: true };
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  const result = await esbuild.build({
    metafile: true,
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
  const inputs = Object.keys(result.metafile.inputs).map((f) => path.resolve(f));
  precompress(outfile);
  fs.writeFileSync(inputsFile(outfile), JSON.stringify(inputs));
  return { file: outfile, bytes: fs.statSync(outfile).size, metafile: metafile ? result.metafile : undefined };
}

/** @returns {Promise<{ file: string, bytes: number, metafile?: import('esbuild').Metafile }>} */
async function buildWidget({ outDir = OUT_DIR, minify = true, metafile = false, ifChanged = false } = {}) {
  const demo = path.join(__dirname, 'demo', 'index.html');
  const built = await bundle({
    entry: path.join(__dirname, 'src', 'index.ts'),
    outfile: path.join(outDir, 'widget.js'),
    minify,
    metafile,
    ifChanged,
    extra: [demo],
  });
  // The frame that holds the visitor's connection and token on the Answerdesk origin.
  await bundle({
    entry: path.join(__dirname, 'src', 'frame.ts'),
    outfile: path.join(outDir, 'widget-frame.js'),
    minify,
    ifChanged,
  });
  fs.copyFileSync(demo, path.join(outDir, 'index.html'));
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
