import { VectorMatrix } from './vector-matrix';

/** Seeded unit vectors, so a failure replays. */
function randomUnit(dims: number, seed: { s: number }): Float32Array {
  const v = new Float32Array(dims);
  let n = 0;
  for (let i = 0; i < dims; i++) {
    seed.s = (Math.imul(seed.s, 1664525) + 1013904223) >>> 0;
    v[i] = seed.s / 2 ** 32 - 0.5;
    n += v[i] * v[i];
  }
  return v.map((x) => x / Math.sqrt(n));
}

function exactTop(rows: Float32Array[], q: Float32Array, k: number): number[] {
  const scored = rows.map((r, i) => {
    let s = 0;
    for (let d = 0; d < r.length; d++) s += r[d] * q[d];
    return { i, s };
  });
  return scored
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((x) => x.i);
}

/** The exact cosine of two vectors, in double precision. */
function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let d = 0; d < a.length; d++) s += a[d] * b[d];
  return s;
}

/**
 * How far an int8 row's cosine may be from the exact one (see VectorMatrix) at 512 dimensions.
 * A row's step is its largest value over 127; with fewer dimensions the values, and the steps,
 * are larger.
 */
const TOLERANCE = 0.002;

describe('VectorMatrix', () => {
  it('finds the nearest rows, best first, and forgets deleted ones', () => {
    const seed = { s: 7 };
    const m = new VectorMatrix();
    const rows = Array.from({ length: 300 }, () => randomUnit(64, seed));
    rows.forEach((r, i) => m.put(`r${i}`, r));
    const q = rows[42];
    expect(m.nearest(q, 5).map((h) => h.id)).toEqual(exactTop(rows, q, 5).map((i) => `r${i}`));
    expect(m.nearest(q, 1)[0].cosine).toBeCloseTo(1, 2);
    m.delete('r42');
    expect(m.nearest(q, 5).map((h) => h.id)).not.toContain('r42');
    expect(m.scan(q).of('r42')).toBeUndefined();
    // A vector of another length is refused, not compared.
    expect(m.put('other', new Float32Array(10))).toBe(false);
    expect(m.nearest(new Float32Array(10), 3)).toEqual([]);
  });

  it('ranks 5,000 rows of 512 dimensions as double-precision dot products do, within the int8 tolerance, through growth and reused rows', () => {
    const seed = { s: 11 };
    const m = new VectorMatrix();
    // Clusters, as real embeddings have: 100 centres with rows scattered around them.
    const centres = Array.from({ length: 100 }, () => randomUnit(512, seed));
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const noise = randomUnit(512, seed);
      const c = centres[i % 100];
      const v = c.map((x, d) => x + 0.8 * noise[d]);
      let n = 0;
      for (const x of v) n += x * x;
      return v.map((x) => x / Math.sqrt(n));
    });
    // Put in twice, the second time over freed rows, so rows are reused after the memory grew.
    rows.forEach((_, i) => m.put(`r${i}`, randomUnit(512, seed)));
    rows.forEach((_, i) => i % 2 === 0 && m.delete(`r${i}`));
    rows.forEach((r, i) => m.put(`r${i}`, r));
    expect(m.size).toBe(5000);
    for (let t = 0; t < 40; t++) {
      const noise = randomUnit(512, seed);
      const q = rows[t * 97].map((x, d) => x + 0.3 * noise[d]);
      const got = m.nearest(q, 10);
      const exact = exactTop(rows, q, 10);
      got.forEach((h, rank) => {
        const truth = dot(rows[Number(h.id.slice(1))], q);
        // Each score is the row's own cosine, and each rank holds a row as good as the exact one
        // there but for the tolerance (rows closer than that may swap places).
        expect(Math.abs(h.cosine - truth)).toBeLessThan(TOLERANCE);
        expect(dot(rows[exact[rank]], q) - truth).toBeLessThan(2 * TOLERANCE);
        expect(m.scan(q).of(h.id)).toBe(h.cosine);
      });
    }
  });

  it('pads vectors whose length is not a multiple of sixteen, and scores them as the unpadded ones', () => {
    const seed = { s: 3 };
    const m = new VectorMatrix();
    const rows = Array.from({ length: 2000 }, () => randomUnit(37, seed));
    rows.forEach((r, i) => m.put(`r${i}`, r));
    const q = randomUnit(37, seed);
    expect(m.nearest(q, 5).map((h) => h.id)).toEqual(exactTop(rows, q, 5).map((i) => `r${i}`));
    expect(m.scan(rows[5]).of('r5')).toBeCloseTo(1, 2);
    const scores = m.scan(q);
    for (const [i, r] of rows.entries()) expect(Math.abs(scores.of(`r${i}`)! - dot(r, q))).toBeLessThan(3 * TOLERANCE);
  });

  it('keeps rows and queries of small integers exact (TermNeighbours compares integer products)', () => {
    const seed = { s: 5 };
    const m = new VectorMatrix();
    const ints = () =>
      randomUnit(300, seed)
        .map((x) => Math.round(x * 127 * 4) / 4)
        .map(Math.round);
    const rows = Array.from({ length: 500 }, ints);
    rows.forEach((r, i) => m.put(`w${i}`, r));
    const q = ints();
    const scores = m.scan(q);
    rows.forEach((r, i) => expect(scores.of(`w${i}`)).toBe(dot(r, q)));
  });
});
