import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDocument, MAX_KNOWLEDGE_FILE_BYTES } from './load-document';

describe.each([
  ['through the thread pool', false],
  ['with plain system calls (a first load)', true],
])('loadDocument, %s', (_how, sync) => {
  let root: string;
  let outside: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'load-doc-'));
    outside = mkdtempSync(path.join(os.tmpdir(), 'load-doc-outside-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('reads a file with its front matter, version and size', async () => {
    writeFileSync(path.join(root, 'a.md'), '---\ntitle: Opening hours\n---\nWe open at nine.\n');
    const r = await loadDocument(root, path.join(root, 'a.md'), { sync });
    expect(r).toMatchObject({
      kind: 'document',
      doc: { path: 'a.md', title: 'Opening hours', body: 'We open at nine.\n', bytes: 46 },
    });
  });

  it('never follows a symbolic link to a file (it could point outside the folder)', async () => {
    writeFileSync(path.join(outside, 'secret.md'), '# Vault\nThe code is 1234.\n');
    symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'linked.md'));
    expect(await loadDocument(root, path.join(root, 'linked.md'), { sync })).toEqual({ kind: 'missing' });
  });

  it('treats a folder, a named pipe and a vanished file as missing, without blocking', async () => {
    mkdirSync(path.join(root, 'folder.md'));
    execFileSync('mkfifo', [path.join(root, 'pipe.md')]);
    expect(await loadDocument(root, path.join(root, 'folder.md'), { sync })).toEqual({ kind: 'missing' });
    expect(await loadDocument(root, path.join(root, 'pipe.md'), { sync })).toEqual({ kind: 'missing' });
    expect(await loadDocument(root, path.join(root, 'gone.md'), { sync })).toEqual({ kind: 'missing' });
  });

  it('skips a file over the size limit without reading it', async () => {
    writeFileSync(path.join(root, 'big.md'), 'x'.repeat(MAX_KNOWLEDGE_FILE_BYTES + 1));
    expect(await loadDocument(root, path.join(root, 'big.md'), { sync })).toEqual({
      kind: 'skipped',
      reason: 'too_large',
    });
  });

  it('expands includes, leaves fragments out, and never includes through a link out of the folder', async () => {
    mkdirSync(path.join(root, 'include'));
    writeFileSync(path.join(root, 'include', 'admin-only.md'), 'Only organization administrators can do this.');
    writeFileSync(path.join(outside, 'secret.md'), 'The code is 1234.');
    symlinkSync(outside, path.join(root, 'partials'));
    writeFileSync(path.join(root, 'rename.md'), '# Rename a channel\n\n{!admin-only.md!}\n\n{!secret.md!}\n');
    const r = await loadDocument(root, path.join(root, 'rename.md'), { sync });
    expect(r).toMatchObject({ kind: 'document', includes: ['include/admin-only.md'] });
    const body = r.kind === 'document' ? r.doc.body : '';
    expect(body).toContain('Only organization administrators can do this.');
    expect(body).not.toContain('1234');
    expect(body).not.toContain('{!');
    expect(await loadDocument(root, path.join(root, 'include', 'admin-only.md'), { sync })).toEqual({
      kind: 'skipped',
      reason: 'fragment',
    });
  });

  it('reads Docusaurus front matter: sidebar label, description, and a link from the slug or id', async () => {
    mkdirSync(path.join(root, 'guides'));
    const file = path.join(root, 'guides', 'install.mdx');
    writeFileSync(
      file,
      "---\nsidebar_label: Install\ndescription: Get the app on your phone.\nslug: /start/install\n---\nimport X from 'y';\n\n<X />\nSteps.\n",
    );
    const r = await loadDocument(root, file, { sync, baseUrl: 'https://help.example.com/docs/' });
    expect(r).toMatchObject({
      kind: 'document',
      doc: {
        title: 'Install',
        description: 'Get the app on your phone.',
        url: 'https://help.example.com/docs/start/install',
        body: '\n<X />\nSteps.\n',
      },
    });
    writeFileSync(file, '---\nid: setup-phone\n---\n# Set up your phone\n');
    const byId = await loadDocument(root, file, { sync, baseUrl: 'https://help.example.com' });
    expect(byId).toMatchObject({
      doc: { title: 'Set up your phone', url: 'https://help.example.com/guides/setup-phone' },
    });
    expect(await loadDocument(root, file, { sync })).toMatchObject({ doc: { url: undefined } });
  });
});
