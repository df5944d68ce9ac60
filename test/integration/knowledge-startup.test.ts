import { mkdtempSync, rmSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { LexicalIndex } from '../../src/knowledge/lexical/lexical-index';
import { createLogger } from '../../src/logger';
import { eventually } from '../support/eventually';

describe('KnowledgeBase start-up', () => {
  let root: string;
  let kb: KnowledgeBase;
  beforeEach(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'kb-'));
    await fs.writeFile(path.join(root, 'hours.md'), '# Opening hours\nWe open at nine.\n');
    await fs.writeFile(path.join(root, 'returns.md'), '# Returns\nReturn within 30 days.\n');
    await fs.writeFile(path.join(root, 'idea.md'), '---\ndraft: true\n---\n# Loyalty\nNot yet.\n');
    kb = new KnowledgeBase({ root, index: new LexicalIndex(), logger: createLogger('silent'), debounceMs: 10 });
  });
  afterEach(async () => {
    await kb.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('catches up with edits made between the first load and the watcher being ready', async () => {
    await kb.load();
    // The watcher is not running yet: nothing reports these.
    await fs.writeFile(path.join(root, 'hours.md'), '# Opening hours\nWe open at ten on weekdays.\n');
    await fs.writeFile(path.join(root, 'shipping.md'), '# Shipping\nParcels leave within two days.\n');
    await fs.rm(path.join(root, 'returns.md'));
    await kb.watch();
    await new Promise((r) => setTimeout(r, 100));
    expect(kb.document('hours.md')!.bytes).toBe(Buffer.byteLength('# Opening hours\nWe open at nine.\n'));
    expect(kb.document('returns.md')).toBeDefined();
    expect(await kb.reconcile()).toBe(3);
    const edited = '# Opening hours\nWe open at ten on weekdays.\n';
    await eventually(
      () =>
        kb.document('shipping.md') !== undefined &&
        kb.document('returns.md') === undefined &&
        kb.document('hours.md')!.bytes === Buffer.byteLength(edited),
      2000,
      'the catch-up',
    );
    expect((await kb.search('open at ten on weekdays', 1))[0].chunk.text).toContain('ten on weekdays');
    expect(kb.documents().map((d) => d.path)).toEqual(['hours.md', 'shipping.md']);
  });

  it('schedules nothing when the folder did not change, and leaves a skipped draft to the watcher', async () => {
    await kb.load();
    await kb.watch();
    expect(await kb.reconcile()).toBe(0);
  });

  it('has no vectors to wait for without an embedder: done as soon as it is loaded', async () => {
    await kb.load();
    expect(kb.vectors()).toEqual({ embedded: 0, chunks: 0, done: true });
    await kb.vectorsReady();
  });

  it('loads once however often asked', async () => {
    const [a, b] = [kb.load(), kb.load()];
    expect(a).toBe(b);
    await a;
    expect(kb.documents().map((d) => d.path)).toEqual(['hours.md', 'returns.md']);
  });
});

describe('KnowledgeBase with included fragments', () => {
  let root: string;
  let kb: KnowledgeBase;
  beforeEach(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'kb-includes-'));
    await fs.mkdir(path.join(root, 'include'));
    await fs.writeFile(path.join(root, 'include', 'who-can.md'), 'Only the account owner can close an account.');
    await fs.writeFile(
      path.join(root, 'close-account.md'),
      '# Close your account\n\n{!who-can.md!}\n\nOpen Settings.\n',
    );
    kb = new KnowledgeBase({ root, index: new LexicalIndex(), logger: createLogger('silent'), debounceMs: 10 });
    await kb.load();
    await kb.watch();
  });
  afterEach(async () => {
    await kb.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('indexes an article with its fragments, and never the fragment as an article of its own', async () => {
    expect(kb.documents().map((d) => d.path)).toEqual(['close-account.md']);
    const [hit] = await kb.search('who can close the account owner', 3);
    expect(hit.chunk.path).toBe('close-account.md');
    expect(hit.chunk.text).toContain('Only the account owner can close an account.');
  });

  it('re-indexes the articles that include a fragment when the fragment changes', async () => {
    await fs.writeFile(path.join(root, 'include', 'who-can.md'), 'Any administrator can close an account.');
    await eventually(
      async () => (await kb.search('administrator close account', 1))[0]?.chunk.text.includes('Any administrator'),
      3000,
    );
    expect(kb.documents().map((d) => d.path)).toEqual(['close-account.md']);
  });
});
