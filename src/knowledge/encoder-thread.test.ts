import { EncoderThread } from './encoder-thread';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
const texts = (n: number) => Array.from({ length: n }, (_, i) => `How do I connect board number ${i} to the cloud over wifi`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EncoderThread (the sentence encoder off the event loop)', () => {
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
    await sleep(800);
    expect(thread.threads).toBe(1);
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
