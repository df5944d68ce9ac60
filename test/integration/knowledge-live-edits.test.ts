import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LexicalIndex } from '../../src/knowledge/lexical/lexical-index';
import { startTestApp, type TestApp } from '../support/test-app';

/** Polls `check` until it passes or `ms` elapse; returns the time it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (await check()) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met within ${ms} ms`);
}

describe('knowledge folder edits while the server runs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const answer = async (text: string) => {
    const res = await fetch(`${t.url}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    return (await res.json()).message;
  };

  it('answers from a newly added file within 2 seconds', async () => {
    const q = 'Do you offer a student discount on the aurora desk lamp?';
    expect((await answer(q)).answered).toBe(false);
    await fs.writeFile(
      path.join(t.knowledgeDir, 'orders', 'student-discount.md'),
      '---\ntitle: Student discount\nurl: https://help.nimbus-home.example/orders/student\n---\n\nStudents get 15% off the Aurora desk lamp with a valid student email.\n',
    );
    await within(2000, async () => (await answer(q)).answered === true);
    const m = await answer(q);
    expect(m.text).toContain('15% off the Aurora desk lamp');
    expect(m.sources[0]).toMatchObject({
      path: 'orders/student-discount.md',
      title: 'Student discount',
      url: 'https://help.nimbus-home.example/orders/student',
    });
  });

  it('indexes plain-text files too, titled from their file name', async () => {
    await fs.writeFile(
      path.join(t.knowledgeDir, 'gift-wrapping.txt'),
      'Gift wrapping with a handwritten card costs $4 per order.\n',
    );
    await within(
      2000,
      async () => (await answer('How much does gift wrapping cost?')).sources[0]?.path === 'gift-wrapping.txt',
    );
    const m = await answer('How much does gift wrapping cost?');
    expect(m.text).toContain('$4 per order');
    expect(m.sources[0]).toMatchObject({ path: 'gift-wrapping.txt', title: 'Gift wrapping' });
  });

  it('uses edited content within 2 seconds, re-indexing only that file', async () => {
    const file = path.join(t.knowledgeDir, 'returns', 'return-policy.md');
    const before = await fs.readFile(file, 'utf8');
    const indexed = t.app.knowledge.documents().map((d) => [d.path, d.version]);
    await fs.writeFile(file, before.replace('within **30 days of delivery**', 'within **60 days of delivery**'));
    await within(2000, async () =>
      (await answer('How many days do I have to return something?')).text.includes('60 days'),
    );
    const changed = t.app.knowledge
      .documents()
      .filter((d) => indexed.find(([p, v]) => p === d.path && v !== d.version));
    expect(changed.map((d) => d.path)).toEqual(['returns/return-policy.md']);
  });

  it('stops citing a deleted file within 2 seconds', async () => {
    const q = 'How do I connect Nimbus to Alexa?';
    expect((await answer(q)).sources[0].path).toBe('troubleshooting/voice-assistants.md');
    await fs.rm(path.join(t.knowledgeDir, 'troubleshooting', 'voice-assistants.md'));
    await within(2000, async () => {
      const m = await answer(q);
      return !m.sources.some((s: { path: string }) => s.path === 'troubleshooting/voice-assistants.md');
    });
    expect(t.app.knowledge.document('troubleshooting/voice-assistants.md')).toBeUndefined();
  });

  it('follows a rename (delete + add) and ignores files that are not knowledge', async () => {
    const from = path.join(t.knowledgeDir, 'billing', 'invoices-and-vat.md');
    const to = path.join(t.knowledgeDir, 'billing', 'invoices.md');
    await fs.rename(from, to);
    await fs.writeFile(path.join(t.knowledgeDir, 'billing', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await within(
      2000,
      async () =>
        t.app.knowledge.document('billing/invoices.md') !== undefined &&
        t.app.knowledge.document('billing/invoices-and-vat.md') === undefined,
    );
    expect(t.app.knowledge.documents().some((d) => d.path.endsWith('.png'))).toBe(false);
  });
});

describe('knowledge folder edits in the moment a server becomes ready', () => {
  it('catches up with edits made before its watcher is ready, then follows later ones', async () => {
    const t = await startTestApp();
    try {
      // start() resolves once the server listens; the watcher starts after that (see App.start),
      // so these land before it reports anything: the catch-up that follows it must find them.
      await fs.writeFile(
        path.join(t.knowledgeDir, 'orders', 'gift-cards.md'),
        '---\ntitle: Gift cards\n---\n\nGift cards never expire and work on every order.\n',
      );
      await fs.rm(path.join(t.knowledgeDir, 'troubleshooting', 'voice-assistants.md'));
      await within(
        2000,
        async () =>
          t.app.knowledge.document('orders/gift-cards.md') !== undefined &&
          t.app.knowledge.document('troubleshooting/voice-assistants.md') === undefined,
      );
      // And the watcher is running: a later edit is picked up without a restart.
      await fs.writeFile(
        path.join(t.knowledgeDir, 'orders', 'gift-cards.md'),
        '---\ntitle: Gift cards\n---\n\nGift cards expire after ten years.\n',
      );
      await within(
        2000,
        async () =>
          (await t.app.knowledge.search('when do gift cards expire', 1))[0]?.chunk.text.includes('ten years') === true,
      );
    } finally {
      await t.close();
    }
  });
});

describe('an index given to the app', () => {
  it('is the one the app fills from the folder and searches', async () => {
    const mine = new LexicalIndex();
    const t = await startTestApp({ index: mine });
    try {
      expect(mine.chunkCount).toBeGreaterThan(10);
      const hits = mine.search('reset my password', 1);
      expect(hits[0].chunk.path).toBe('account/reset-your-password.md');
      const res = await (
        await fetch(`${t.url}/api/v1/knowledge/search?q=${encodeURIComponent('reset my password')}&k=1`)
      ).json();
      expect(res.results[0].path).toBe('account/reset-your-password.md');
    } finally {
      await t.close();
    }
  });
});
