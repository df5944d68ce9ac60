/**
 * `q . m[off .. off + dims)`, unrolled by four. This loop is most of a semantic search (Float32
 * rows) and of a first-time near-synonym look-up (int8 rows), so it is written once, here.
 */
export function dotAt(q: ArrayLike<number>, m: ArrayLike<number>, off: number, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dims; d += 4) {
    s0 += q[d] * m[off + d];
    s1 += q[d + 1] * m[off + d + 1];
    s2 += q[d + 2] * m[off + d + 2];
    s3 += q[d + 3] * m[off + d + 3];
  }
  for (; d < dims; d++) s0 += q[d] * m[off + d];
  return s0 + s1 + s2 + s3;
}
