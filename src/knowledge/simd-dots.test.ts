import { readFileSync } from 'node:fs';
import path from 'node:path';
import wabt from 'wabt';
import { DOTS_WASM, dotsKernel } from './simd-dots';

describe('the SIMD dot-product kernel', () => {
  it('is dots.wat, assembled', async () => {
    const tools = await wabt();
    const module = tools.parseWat('dots.wat', readFileSync(path.join(__dirname, 'dots.wat'), 'utf8'), { simd: true });
    expect(Buffer.from(module.toBinary({}).buffer).toString('base64')).toBe(DOTS_WASM);
    module.destroy();
  });

  it('scores every row against the query', () => {
    const k = dotsKernel();
    const dims = 8;
    const rows = [
      [1, 0, 0, 0, 0, 0, 0, 0],
      [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
      [-1, 2, -3, 4, -5, 6, -7, 8],
    ];
    const q = [2, 1, 0, 0, 0, 0, 0, 1];
    const mem = new Float32Array(k.memory.buffer);
    rows.forEach((r, i) => mem.set(r, i * dims));
    mem.set(q, 3 * dims);
    k.dots(3 * dims * 4, 0, 3, dims, 4 * dims * 4);
    expect(Array.from(mem.subarray(4 * dims, 4 * dims + 3))).toEqual([2, 2, 8]);
  });

  it('agrees with a plain dot product for widths with and without a remainder after the 16-float steps', () => {
    const k = dotsKernel();
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (const dims of [4, 16, 20, 300, 512]) {
      const rows = 5;
      const m = Array.from({ length: rows }, () => Array.from({ length: dims }, rand));
      const q = Array.from({ length: dims }, rand);
      const mem = new Float32Array(k.memory.buffer);
      m.forEach((r, i) => mem.set(r, i * dims));
      mem.set(q, rows * dims);
      k.dots(rows * dims * 4, 0, rows, dims, (rows + 1) * dims * 4);
      const got = Array.from(mem.subarray((rows + 1) * dims, (rows + 1) * dims + rows));
      const want = m.map((r) => r.reduce((sum, x, i) => sum + Math.fround(x) * Math.fround(q[i]), 0));
      got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 4));
    }
  });
});
