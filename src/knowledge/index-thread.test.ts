import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import { createLogger } from '../logger';
import type { Chunk } from './chunk';
import { buildIndex } from './create-index';
import { InProcessIndex } from './index-host';
import { IndexThread, ThreadedIndex } from './index-thread';
import { listKnowledgeFiles, loadDocument } from './load-document';
import { splitDocument } from './split-document';
import { DEFAULT_THESAURUS_FILE, DEFAULT_WORD_VECTORS_FILE } from './word-vectors-file';

const HYBRID = { wordVectors: DEFAULT_WORD_VECTORS_FILE, thesaurus: DEFAULT_THESAURUS_FILE };
const SAMPLE = path.resolve(__dirname, '..', '..', 'knowledge');
const silent = createLogger('silent');
const CALIBRATION = { floor: 0.3, match: 0.3, confidenceFloor: 0.55, confidenceWeight: 1, weight: 2 };

/** The sample knowledge base's chunks by file, each with a made-up (but fixed) 32-d unit vector. */
async function sampleChunks(): Promise<Map<string, Chunk[]>> {
  const out = new Map<string, Chunk[]>();
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (const file of await listKnowledgeFiles(SAMPLE)) {
    const r = await loadDocument(SAMPLE, file);
    if (r.kind !== 'document') continue;
    out.set(
      r.doc.path,
      splitDocument(r.doc).map((c) => {
        const v = Float32Array.from({ length: 32 }, random);
        const n = Math.hypot(...v);
        return { ...c, vector: v.map((x) => x / n) };
      }),
    );
  }
  return out;
}

const QUESTIONS = ['How do I reset my password?', 'my parcel arrived broken', 'can I pay with paypal', 'bulb will not connect to wifi', 'return an item', 'how long does shipping take', 'zebra'];
const brief = (hits: { chunk: Chunk; rank: number; score: number }[]) => hits.map((h) => [h.chunk.id, h.rank, h.score]);

/** A logger that keeps what was logged at error level. */
function recordingLogger(): { logger: Logger; errors: string[] } {
  const errors: string[] = [];
  const logger = { error: (o: { err?: Error }, msg: string) => errors.push(`${msg}: ${o.err?.message}`) } as unknown as Logger;
  return { logger, errors };
}

describe('ThreadedIndex (the knowledge index on a thread of its own)', () => {
  it('ranks exactly as the same index in this thread, vectors included', async () => {
    const docs = await sampleChunks();
    const here = new InProcessIndex(buildIndex(HYBRID));
    const there = new ThreadedIndex(HYBRID, silent);
    try {
      // Words first, vectors after, as a first load does.
      for (const [p, chunks] of docs) {
        const bare = chunks.map(({ vector: _v, ...c }) => c);
        here.setDocument(p, bare);
        there.setDocument(p, bare);
      }
      for (const [p, chunks] of docs) {
        here.setVectors(p, chunks);
        there.setVectors(p, chunks);
      }
      const someVector = [...docs.values()][2][0].vector!;
      for (const q of QUESTIONS) {
        expect([q, brief(await there.search(q, 5))]).toEqual([q, brief(await here.search(q, 5))]);
        const embedding = { vector: someVector, calibration: CALIBRATION };
        expect([q, brief(await there.search(q, 5, embedding))]).toEqual([q, brief(await here.search(q, 5, embedding))]);
      }
      expect(there.chunkCount).toBe(here.chunkCount);
    } finally {
      await there.close();
    }
  });

  it('keeps the indexes of two knowledge bases apart on one thread', async () => {
    const thread = new IndexThread();
    const a = new ThreadedIndex({}, silent, thread);
    const b = new ThreadedIndex({}, silent, thread);
    a.setDocument('a.md', [{ id: 'a.md#0', path: 'a.md', title: 'Lamps', headings: [], text: 'The desk lamp has three brightness levels.', order: 0 }]);
    b.setDocument('b.md', [{ id: 'b.md#0', path: 'b.md', title: 'Kettles', headings: [], text: 'The kettle boils a litre in two minutes.', order: 0 }]);
    expect((await a.search('lamp brightness', 3)).map((h) => h.chunk.path)).toEqual(['a.md']);
    expect(await a.search('kettle', 3)).toEqual([]);
    expect((await b.search('kettle', 3)).map((h) => h.chunk.path)).toEqual(['b.md']);
    await a.close();
    expect((await b.search('kettle', 3)).map((h) => h.chunk.path)).toEqual(['b.md']);
    await b.close();
  });

  it('survives its thread dying mid-search: a new one gets every document again, and the search is answered', async () => {
    const docs = await sampleChunks();
    const thread = new IndexThread();
    const index = new ThreadedIndex(HYBRID, silent, thread);
    try {
      for (const [p, chunks] of docs) index.setDocument(p, chunks);
      index.removeDocument('returns/return-policy.md');
      const before = brief(await index.search('How do I reset my password?', 5));
      // Work queued ahead of the search, so that the thread is still on it when it dies.
      for (let i = 0; i < 10; i++) for (const [p, chunks] of docs) if (p !== 'returns/return-policy.md') index.setDocument(p, chunks);
      const searching = index.search('How do I reset my password?', 5);
      await (thread as unknown as { worker: Worker }).worker.terminate();
      expect(brief(await searching)).toEqual(before);
      expect(thread.starts).toBe(2);
      // The removal made before the thread died holds in the new one.
      expect((await index.search('return policy refund days', 5)).some((h) => h.chunk.path === 'returns/return-policy.md')).toBe(false);
    } finally {
      await index.close();
    }
  });

  it('starts again, replaying what it was given, when an update fails in the thread', async () => {
    const { logger, errors } = recordingLogger();
    const thread = new IndexThread();
    const index = new ThreadedIndex({}, logger, thread);
    try {
      index.setDocument('hours.md', [{ id: 'hours.md#0', path: 'hours.md', title: 'Opening hours', headings: [], text: 'We open at nine.', order: 0 }]);
      // An update the index cannot apply (a document with no chunk list): only the thread has it.
      thread.post({ op: 'set', index: 0, path: 'broken.md', chunks: null as unknown as Chunk[] });
      await (async () => {
        for (let i = 0; i < 200 && thread.starts < 2; i++) await new Promise((r) => setTimeout(r, 10));
      })();
      expect(thread.starts).toBe(2);
      expect(errors).toEqual([expect.stringMatching(/^index thread failed.*: index thread: set: .*starting it again$/)]);
      expect((await index.search('when do you open', 3)).map((h) => h.chunk.path)).toEqual(['hours.md']);
      expect(index.chunkCount).toBe(1);
    } finally {
      await index.close();
    }
  });

  it('fails searches, rather than starting threads without end, when each one dies at once; the next request tries again', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'index-thread-'));
    const workerFile = path.join(dir, 'worker.js');
    writeFileSync(workerFile, 'process.exit(4);\n');
    try {
      const thread = new IndexThread({ workerFile });
      const index = new ThreadedIndex({}, silent, thread);
      await expect(index.search('anything', 3)).rejects.toThrow(/index thread exited \(4\)/);
      const starts = thread.starts;
      expect(starts).toBeLessThanOrEqual(5);
      await new Promise((r) => setTimeout(r, 200));
      expect(thread.starts).toBe(starts);
      await expect(index.search('anything', 3)).rejects.toThrow(/index thread exited \(4\)/);
      expect(thread.starts).toBe(starts + 1);
      await index.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
