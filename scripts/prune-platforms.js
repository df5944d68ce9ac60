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
 * pdf.js installs @napi-rs/canvas to draw pages; the importer only reads their text, so the
 * renderer (a native library of its own) is removed too.
 */
function pruneRenderer(nodeModules = path.resolve(__dirname, '..', 'node_modules')) {
  const dir = path.join(nodeModules, '@napi-rs');
  if (!fs.existsSync(dir)) return [];
  const removed = fs.readdirSync(dir).filter((name) => name.startsWith('canvas'));
  for (const name of removed) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  return removed.map((name) => `@napi-rs/${name}`);
}

module.exports = { prunePlatforms, pruneRenderer };

if (require.main === module) {
  const removed = [...prunePlatforms(process.argv[2]), ...pruneRenderer(process.argv[2])];
  if (removed.length > 0) console.log(`answerdesk: removed native binaries it does not use: ${removed.join(', ')}`);
}
