// ONNX Runtime's npm package carries its native library for every platform (macOS, Windows and
// Linux, x64 and arm64); the server loads only this machine's. The others are removed after an
// install (see prepare.js and the Dockerfile): `node scripts/prune-platforms.js [node_modules]`.
const fs = require('node:fs');
const path = require('node:path');

function prunePlatforms(nodeModules = path.resolve(__dirname, '..', 'node_modules')) {
  const removed = [];
  const bin = path.join(nodeModules, 'onnxruntime-node', 'bin');
  if (!fs.existsSync(bin)) return removed;
  for (const napi of fs.readdirSync(bin)) {
    for (const platform of fs.readdirSync(path.join(bin, napi))) {
      if (platform !== process.platform) {
        const dir = path.join(bin, napi, platform);
        fs.rmSync(dir, { recursive: true, force: true });
        removed.push(path.relative(nodeModules, dir));
        continue;
      }
      for (const arch of fs.readdirSync(path.join(bin, napi, platform))) {
        if (platform === process.platform && arch === process.arch) continue;
        const dir = path.join(bin, napi, platform, arch);
        fs.rmSync(dir, { recursive: true, force: true });
        removed.push(path.relative(nodeModules, dir));
      }
    }
  }
  return removed;
}

/**
 * pdf.js installs @napi-rs/canvas to draw pages; the importer only reads their text with pdf.js's
 * legacy build (the one for Node.js), so the renderer (a native library of its own), the modern
 * build, the viewer, the image decoders and the source maps are removed too.
 */
function pruneRenderer(nodeModules = path.resolve(__dirname, '..', 'node_modules')) {
  const removed = [];
  const napi = path.join(nodeModules, '@napi-rs');
  if (fs.existsSync(napi))
    for (const name of fs.readdirSync(napi).filter((n) => n.startsWith('canvas'))) {
      fs.rmSync(path.join(napi, name), { recursive: true, force: true });
      removed.push(`@napi-rs/${name}`);
    }
  const pdfjs = path.join(nodeModules, 'pdfjs-dist');
  if (!fs.existsSync(pdfjs)) return removed;
  for (const dir of ['build', 'web', 'image_decoders']) {
    if (!fs.existsSync(path.join(pdfjs, dir))) continue;
    fs.rmSync(path.join(pdfjs, dir), { recursive: true, force: true });
    removed.push(`pdfjs-dist/${dir}`);
  }
  const legacy = path.join(pdfjs, 'legacy', 'build');
  if (fs.existsSync(legacy))
    for (const map of fs.readdirSync(legacy).filter((f) => f.endsWith('.map'))) fs.rmSync(path.join(legacy, map));
  return removed;
}

module.exports = { prunePlatforms, pruneRenderer };

if (require.main === module) {
  const removed = [...prunePlatforms(process.argv[2]), ...pruneRenderer(process.argv[2])];
  if (removed.length > 0) console.log(`answerdesk: removed what it does not use: ${removed.join(', ')}`);
}
