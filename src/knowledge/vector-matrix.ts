
/**
 * Unit vectors by id, as rows of one Float32Array (a freed row is reused by the next vector),
 * searched by brute-force cosine: one pass over contiguous memory, exact, about a millisecond
 * per 10,000 rows of 100 dimensions. Vectors of another length than the first one are refused
 * (a model change leaves old rows to be replaced, never compared).
 */
export class VectorMatrix {
  private dims = 0;
  private matrix = new Float32Array(0);
  private ids: (string | undefined)[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly free: number[] = [];

  get size(): number {
    return this.rowOf.size;
  }

  /** Stores `v` for `id`; false when its length differs from the vectors already stored. */
  put(id: string, v: Float32Array): boolean {
    if (this.dims === 0) this.dims = v.length;
    if (v.length !== this.dims) return false;
    this.delete(id);
    let row = this.free.pop();
    if (row === undefined) {
      row = this.ids.length;
      this.ids.push(undefined);
      if (this.ids.length * this.dims > this.matrix.length) {
        const grown = new Float32Array(Math.max(1024 * this.dims, this.matrix.length * 2));
        grown.set(this.matrix);
        this.matrix = grown;
      }
    }
    this.matrix.set(v, row * this.dims);
    this.ids[row] = id;
    this.rowOf.set(id, row);
    return true;
  }

  delete(id: string): void {
    const row = this.rowOf.get(id);
    if (row === undefined) return;
    this.rowOf.delete(id);
    this.ids[row] = undefined;
    this.free.push(row);
  }

  /** The `k` rows most similar to `q`, best first. */
  nearest(q: Float32Array, k: number): { id: string; cosine: number }[] {
    if (q.length !== this.dims) return [];
    const dims = this.dims;
    const m = this.matrix;
    const top: { row: number; cosine: number }[] = [];
    let floor = -Infinity;
    for (let row = 0; row < this.ids.length; row++) {
      if (this.ids[row] === undefined) continue;
      const s = dot(q, m, row * dims, dims);
      if (top.length === k && s <= floor) continue;
      // Insertion into a short sorted list: k is tens, the rows thousands.
      let i = top.length < k ? top.length : k - 1;
      if (top.length < k) top.push({ row, cosine: s });
      while (i > 0 && top[i - 1].cosine < s) {
        top[i] = top[i - 1];
        i--;
      }
      top[i] = { row, cosine: s };
      if (top.length === k) floor = top[k - 1].cosine;
    }
    return top.map((t) => ({ id: this.ids[t.row]!, cosine: t.cosine }));
  }

  cosine(q: Float32Array, id: string): number | undefined {
    const row = this.rowOf.get(id);
    if (row === undefined || q.length !== this.dims) return undefined;
    return dot(q, this.matrix, row * this.dims, this.dims);
  }
}

/** `q . m[off .. off + dims)`, unrolled by eight: most of a semantic search. */
function dot(q: Float32Array, m: Float32Array, off: number, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 7 < dims; d += 8) {
    const o = off + d;
    s0 += q[d] * m[o] + q[d + 4] * m[o + 4];
    s1 += q[d + 1] * m[o + 1] + q[d + 5] * m[o + 5];
    s2 += q[d + 2] * m[o + 2] + q[d + 6] * m[o + 6];
    s3 += q[d + 3] * m[o + 3] + q[d + 7] * m[o + 7];
  }
  for (; d < dims; d++) s0 += q[d] * m[off + d];
  return s0 + s1 + s2 + s3;
}
