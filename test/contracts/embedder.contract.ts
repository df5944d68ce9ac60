import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Embedder } from '../../src/knowledge/embedders/embedder';

export interface EmbedderHarness {
  /** A new embedder on `dataDir` (as after a restart when the folder is reused). */
  make(dataDir: string): Embedder;
  /** Texts the model behind every embedder made so far has been asked to embed. */
  modelInputs(): number;
}

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: Float32Array) => Math.sqrt(cosine(a, a));

/** The behaviour every Embedder must have. */
export function embedderContract(name: string, harness: () => EmbedderHarness): void {
  describe(`Embedder contract: ${name}`, () => {
    let dir: string;
    let h: EmbedderHarness;
    beforeEach(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-embedder-'));
      h = harness();
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('returns one unit vector per text, in order, the same for the same text', async () => {
      const e = h.make(dir);
      const texts = ['Track your package', 'Opening hours of the shop', 'Track your package'];
      const vs = await e.embed(texts);
      expect(vs).toHaveLength(3);
      for (const v of vs) expect(norm(v)).toBeCloseTo(1, 4);
      expect(Array.from(vs[2])).toEqual(Array.from(vs[0]));
      expect(cosine(vs[0], vs[1])).toBeLessThan(0.99);
    });

    it('puts a question nearer the passage that shares its meaning than an unrelated one', async () => {
      const e = h.make(dir);
      const [track, hours] = await e.embed(['Track your package', 'Opening hours of the shop']);
      const q = (await e.embedQuery('how do I track my package'))!;
      expect(cosine(q, track)).toBeGreaterThan(cosine(q, hours));
    });

    it('embeds a knowledge text once: a restart on the same folder asks the model nothing', async () => {
      await h.make(dir).embed(['Change your password', 'Delete your account']);
      const before = h.modelInputs();
      const again = await h.make(dir).embed(['Change your password', 'Delete your account']);
      expect(h.modelInputs()).toBe(before);
      expect(again).toHaveLength(2);
    });

    it('never writes a question to disk', async () => {
      const q = 'where is my zebra crossing guide';
      expect(await h.make(dir).embedQuery(q)).not.toBeNull();
      const before = h.modelInputs();
      await h.make(dir).embed([q]);
      expect(h.modelInputs()).toBe(before + 1);
    });

    it('embeds a chunk by its title and its text', () => {
      const texts = h
        .make(dir)
        .chunkTexts({ title: 'Return an item', headings: ['Refunds'], text: 'Send it back within 30 days.' });
      expect(texts.join('\n')).toContain('Return an item');
      expect(texts.join('\n')).toContain('Send it back within 30 days.');
    });
  });
}
