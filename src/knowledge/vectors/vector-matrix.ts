import { dotsKernel, type DotsKernel } from './simd-dots';

const PAGE = 65536;
const INT32_MAX = 2 ** 31 - 1;

/**
 * Vectors by id, as rows of int8 in one block of WebAssembly memory (a freed row is reused by the
 * next vector), searched exhaustively by dot product in one pass of the SIMD kernel
 * (simd-dots.ts), fast enough that no approximate index is needed at help-centre sizes (see
 * docs/decisions/vector-kernel.md).
 *
 * Why int8: a scan reads every row, and on a busy server a question finds them out of the cache
 * (the socket and SQLite work between two questions evicts them), so its time is the bytes
 * read, and a quarter of the bytes is a quarter of the memory. Each row is scaled so that its
 * largest value is 127, with its
 * scale kept beside it; a row of integers already within int8 (TermNeighbours' word vectors) is
 * stored as it is, so its products stay exact. The query is scaled into int16 as far as keeps
 * every row's sum within int32 (to 32,767 up to 512 dimensions, 11,008 at 1,536). A unit
 * vector's cosine comes out within about 0.002 of float32's (vector-matrix.test.ts), far inside
 * the gaps the rankings and thresholds read.
 *
 * Memory: rows [0, capacity) from byte 0, then the query (int16), then one int32 sum per row.
 */
export class VectorMatrix {
  private dims = 0;
  /** Bytes per row: dims rounded up to the kernel's 16, the padding zeros. */
  private stride = 0;
  private capacity = 0;
  /** The largest int16 a query value may take: stride x 127 x it stays within int32. */
  private queryMax = 0;
  private readonly kernel: DotsKernel = dotsKernel();
  private ids: (string | undefined)[] = [];
  private scales = new Float32Array(0);
  private readonly rowOf = new Map<string, number>();
  private readonly free: number[] = [];
  private byteView: Int8Array | undefined;

  get size(): number {
    return this.rowOf.size;
  }

  /** Stores `v` for `id`; false when its length differs from the vectors already stored. */
  put(id: string, v: Float32Array): boolean {
    if (this.dims === 0) {
      this.dims = v.length;
      this.stride = Math.ceil(v.length / 16) * 16;
      this.queryMax = Math.min(32767, Math.floor(INT32_MAX / (127 * this.stride)));
    }
    if (v.length !== this.dims) return false;
    this.delete(id);
    let row = this.free.pop();
    if (row === undefined) {
      row = this.ids.length;
      this.ids.push(undefined);
      if (row >= this.capacity) this.grow(Math.max(1024, this.capacity * 2));
    }
    const scale = scaleFor(v, 127);
    const inverse = 1 / scale;
    const bytes = this.bytes();
    const at = row * this.stride;
    for (let i = 0; i < v.length; i++) bytes[at + i] = Math.floor(v[i] * inverse + 0.5);
    bytes.fill(0, at + v.length, at + this.stride);
    this.scales[row] = scale;
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
    const rows = this.ids.length;
    if (q.length !== this.dims || rows === 0) return new VectorScores(new Float32Array(0), [], new Map());
    const buffer = this.kernel.memory.buffer;
    const qAt = this.capacity * this.stride;
    const outAt = qAt + this.stride * 2;
    const qScale = scaleFor(q, this.queryMax);
    const inverse = 1 / qScale;
    const query = new Int16Array(buffer, qAt, this.stride);
    for (let i = 0; i < q.length; i++) query[i] = Math.floor(q[i] * inverse + 0.5);
    query.fill(0, q.length);
    this.kernel.dots(qAt, 0, rows, this.stride, outAt);
    const sums = new Int32Array(buffer, outAt, rows);
    // Scores of their own: the next scan writes the same memory (another search may run before this one ends).
    const scores = new Float32Array(rows);
    for (let r = 0; r < rows; r++) scores[r] = sums[r] * this.scales[r] * qScale;
    return new VectorScores(scores, this.ids, this.rowOf);
  }

  /** A view of the kernel's memory as bytes (a new one after the memory grew: the old buffer is detached). */
  private bytes(): Int8Array {
    const buffer = this.kernel.memory.buffer;
    if (this.byteView?.buffer !== buffer) this.byteView = new Int8Array(buffer);
    return this.byteView;
  }

  /** Room for `capacity` rows; rows stay where they are (the query and sums behind them move). */
  private grow(capacity: number): void {
    const bytes = capacity * this.stride + this.stride * 2 + capacity * 4;
    const memory = this.kernel.memory;
    if (bytes > memory.buffer.byteLength) memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    const scales = new Float32Array(capacity);
    scales.set(this.scales);
    this.scales = scales;
    this.capacity = capacity;
  }
}

/**
 * What `v` is divided by to fit within ±max: 1 for integers already within it (their products
 * then stay exact), else its largest magnitude over max. (Branch-free loops here and in the
 * rounding, `Math.floor(x + 0.5)`: with the signs at random, a branch per value is mispredicted
 * half the time.)
 */
function scaleFor(v: Float32Array, max: number): number {
  let largest = 0;
  for (let i = 0; i < v.length; i++) largest = Math.max(largest, Math.abs(v[i]));
  if (largest === 0 || (largest <= max && integers(v))) return 1;
  return largest / max;
}

function integers(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== Math.floor(v[i])) return false;
  return true;
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
