import { dotsKernel, type DotsKernel } from './simd-dots';

const FLOAT = 4;
const PAGE = 65536;

/**
 * Unit vectors by id, as rows of one block of WebAssembly memory (a freed row is reused by the
 * next vector), searched exactly by cosine in one pass of the SIMD kernel (simd-dots.ts): 1,425
 * rows of 512 dimensions in about 0.07 ms with the rows in cache and 0.16 ms without (the 2.9 MB
 * read from memory then sets the pace), against 1.0-1.15 ms for the same loop in JavaScript;
 * 40,000 rows in a few milliseconds, so no approximate index is needed at help-centre sizes.
 * Rows are padded to a multiple of four floats with zeros. Vectors of another length than the
 * first one are refused (a model change leaves old rows to be replaced, never compared).
 *
 * Memory: rows [0, capacity) from byte 0, then the query (one row), then one score per row.
 */
export class VectorMatrix {
  private dims = 0;
  private stride = 0;
  private capacity = 0;
  private readonly kernel: DotsKernel = dotsKernel();
  private ids: (string | undefined)[] = [];
  private readonly rowOf = new Map<string, number>();
  private readonly free: number[] = [];

  get size(): number {
    return this.rowOf.size;
  }

  /** Stores `v` for `id`; false when its length differs from the vectors already stored. */
  put(id: string, v: Float32Array): boolean {
    if (this.dims === 0) {
      this.dims = v.length;
      this.stride = Math.ceil(v.length / 4) * 4;
    }
    if (v.length !== this.dims) return false;
    this.delete(id);
    let row = this.free.pop();
    if (row === undefined) {
      row = this.ids.length;
      this.ids.push(undefined);
      if (row >= this.capacity) this.grow(Math.max(1024, this.capacity * 2));
    }
    this.write(row * this.stride * FLOAT, v);
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
    return this.scan(q).top(k);
  }

  /**
   * Every row scored against `q` in one pass: the best rows, and the score of any row, without
   * scanning again. Valid until the matrix changes.
   */
  scan(q: Float32Array): VectorScores {
    if (q.length !== this.dims || this.ids.length === 0) return new VectorScores(new Float32Array(0), [], new Map());
    // A copy: the next scan writes the same memory (another search may run before this one ends).
    return new VectorScores(this.score(q, this.ids.length).slice(), this.ids, this.rowOf);
  }

  /** Scores of rows [0, rows) against `q`, in the kernel's memory. */
  private score(q: Float32Array, rows: number): Float32Array {
    const buffer = this.kernel.memory.buffer;
    const qAt = this.capacity * this.stride * FLOAT;
    const outAt = qAt + this.stride * FLOAT;
    this.write(qAt, q);
    this.kernel.dots(qAt, 0, rows, this.stride, outAt);
    return new Float32Array(buffer, outAt, rows);
  }

  /** Writes `v` at byte `at` as one padded row (the padding may hold an old query or old scores). */
  private write(at: number, v: Float32Array): void {
    const row = new Float32Array(this.kernel.memory.buffer, at, this.stride);
    row.set(v);
    row.fill(0, v.length);
  }

  /** Room for `capacity` rows; rows stay where they are (the query and scores behind them move). */
  private grow(capacity: number): void {
    const bytes = capacity * this.stride * FLOAT + this.stride * FLOAT + capacity * FLOAT;
    const memory = this.kernel.memory;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    this.capacity = capacity;
  }
}

/** A query's score against every row of a VectorMatrix (see `scan`). */
export class VectorScores {
  constructor(
    private readonly scores: Float32Array,
    private readonly ids: readonly (string | undefined)[],
    private readonly rowOf: ReadonlyMap<string, number>,
  ) {}

  /** The `k` best rows, best first. */
  top(k: number): { id: string; cosine: number }[] {
    const top: { row: number; cosine: number }[] = [];
    let floor = -Infinity;
    for (let row = 0; row < this.scores.length; row++) {
      const s = this.scores[row];
      if (this.ids[row] === undefined || (top.length === k && s <= floor)) continue;
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

  /** The score of row `id`; undefined for a row the matrix does not have. */
  of(id: string): number | undefined {
    const row = this.rowOf.get(id);
    return row === undefined || row >= this.scores.length ? undefined : this.scores[row];
  }
}
