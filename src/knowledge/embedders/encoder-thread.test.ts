import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { EncoderThread } from './encoder-thread';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const texts = (n: number) =>
  Array.from({ length: n }, (_, i) => `How do I connect board number ${i} to the cloud over wifi`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EncoderThread (the sentence encoder off the event loop)', () => {
  it('survives its thread dying: what was in hand fails, what waited and what comes next are encoded', async () => {
    // A stand-in worker that exits on "die" and otherwise answers as the encoder does: a real
    // one cannot be killed mid-batch without killing the process (see EncoderThread).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'encoder-stand-in-'));
    const workerFile = path.join(dir, 'worker.js');
    writeFileSync(
      workerFile,
      `const { parentPort } = require('node:worker_threads');
      parentPort.on('message', (req) => {
        if (req.stop) return parentPort.close();
        if (req.texts.includes('die')) process.exit(3);
        parentPort.postMessage({ id: req.id, vectors: req.texts.map((t) => new Float32Array(512).fill(t.length)) });
      });`,
    );
    try {
      const thread = new EncoderThread({ maxThreads: 1, workerFile });
      const inHand = thread.encode('die');
      const waiting = thread.encode('waited');
      await expect(inHand).rejects.toThrow(/sentence encoder thread exited \(3\)/);
      expect((await waiting)![0]).toBe('waited'.length);
      expect((await thread.encode('and one after'))![0]).toBe('and one after'.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shares a backlog with a second thread, which stops once idle; every text gets its own vector', async () => {
    const thread = new EncoderThread({ helperIdleMs: 300, maxThreads: 2 });
    const all = texts(600);
    const pending = Promise.all(all.map((t) => thread.encode(t)));
    expect(thread.threads).toBe(2);
    const vectors = await pending;
    // Each vector is its own text's, whichever thread computed it.
    for (const i of [0, 150, 299, 300, 451, 599]) {
      const alone = (await thread.encode(all[i]))!;
      expect([i, cosine(alone, vectors[i]!) > 0.999]).toEqual([i, true]);
      expect([i, cosine(alone, vectors[(i + 1) % 600]!) < 0.999]).toEqual([i, true]);
    }
    await sleep(800);
    expect(thread.threads).toBe(1);
    expect(await thread.encode('and one more after the helper left')).toHaveLength(512);
  }, 30_000);

  it('starts the second thread with the first when told a backlog is coming, and stops it unused', async () => {
    const thread = new EncoderThread({ helperIdleMs: 300, maxThreads: 2 });
    thread.warm({ backlog: true });
    expect(thread.threads).toBe(2);
    // Asked to stop while it may still be loading its model: it ends once loaded, without taking the process down.
    const helper = (thread as unknown as { lanes: { worker: Worker }[] }).lanes[1].worker;
    const exited = new Promise<number>((resolve) => helper.once('exit', resolve));
    await sleep(800);
    expect(thread.threads).toBe(1);
    expect(await exited).toBe(0);
  }, 30_000);

  it('keeps to one thread for a few texts, or on a one-core machine', async () => {
    const few = new EncoderThread({ maxThreads: 2 });
    await Promise.all(texts(100).map((t) => few.encode(t)));
    expect(few.threads).toBe(1);
    const single = new EncoderThread({ maxThreads: 1 });
    await Promise.all(texts(600).map((t) => single.encode(t)));
    expect(single.threads).toBe(1);
  }, 30_000);
});
