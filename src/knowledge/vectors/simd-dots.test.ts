import { readFileSync } from 'node:fs';
import path from 'node:path';
import wabt from 'wabt';
import { DOTS_WASM, dotsKernel } from './simd-dots';

/** Writes int8 rows and an int16 query into the kernel's memory, runs it, and returns its sums. */
function run(rows: number[][], q: number[]): number[] {
  const k = dotsKernel();
  const len = q.length;
  const bytes = new Int8Array(k.memory.buffer);
  rows.forEach((r, i) => bytes.set(r, i * len));
  const qAt = rows.length * len;
  new Int16Array(k.memory.buffer, qAt, len).set(q);
  const outAt = qAt + 2 * len;
  k.dots(qAt, 0, rows.length, len, outAt);
  return Array.from(new Int32Array(k.memory.buffer, outAt, rows.length));
}

describe('the SIMD dot-product kernel', () => {
  it('is dots.wat, assembled', async () => {
    const tools = await wabt();
    const module = tools.parseWat('dots.wat', readFileSync(path.join(__dirname, 'dots.wat'), 'utf8'), { simd: true });
    expect(Buffer.from(module.toBinary({}).buffer).toString('base64')).toBe(DOTS_WASM);
    module.destroy();
  });

  it('scores every int8 row against the int16 query, signs and both halves of each 16 included', () => {
    const row = (head: number[]) => [...head, ...Array(16 - head.length).fill(0)];
    const rows = [row([1]), row(Array(16).fill(-1)), [...Array(15).fill(0), 127], row([-128, 127, 3])];
    const q = Array.from({ length: 16 }, (_, i) => (i % 2 ? -1 : 1) * (i + 1) * 1000);
    const plain = rows.map((r) => r.reduce((s, x, i) => s + x * q[i], 0));
    expect(run(rows, q)).toEqual(plain);
    expect(plain).toEqual([1000, 8000, -2032000, -128000 - 254000 + 9000]);
  });

  it('agrees with a plain integer dot product over several steps, at the extremes of both types', () => {
    let seed = 7;
    const rand = (lo: number, hi: number) =>
      lo + ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % (hi - lo + 1));
    for (const len of [16, 32, 304, 512]) {
      const rows = Array.from({ length: 6 }, () => Array.from({ length: len }, () => rand(-128, 127)));
      rows.push(Array(len).fill(127), Array(len).fill(-128));
      const q = Array.from({ length: len }, () => rand(-32768, 32767));
      // The largest query VectorMatrix allows at this length keeps every sum within int32.
      const max = Math.min(32767, Math.floor((2 ** 31 - 1) / (127 * len)));
      const small = q.map((x) => Math.max(-max, Math.min(max, x)));
      expect(run(rows.slice(0, 6), q)).toEqual(rows.slice(0, 6).map((r) => r.reduce((s, x, i) => s + x * q[i], 0) | 0));
      expect(run([rows[6]], Array(len).fill(max))).toEqual([127 * max * len]);
      expect(run(rows, small)).toEqual(rows.map((r) => r.reduce((s, x, i) => s + x * small[i], 0)));
    }
  });
});
