/**
 * The WebAssembly module of src/knowledge/dots.wat (the source; simd-dots.test.ts checks that
 * these bytes are that file assembled by wabt): one exported function, `dots`, which scores
 * many float32 rows against one vector four lanes at a time. Kept as bytes so that nothing is
 * assembled at build or run time.
 */
export const DOTS_WASM = 'AGFzbQEAAAABCQFgBX9/f39/AAMCAQAFAwEAAQcRAgZtZW1vcnkCAARkb3RzAAAK8QIB7gICBX8EeyAEIAJBAnRqIQUgASEHAkADQCAEIAVPDQH9DAAAAAAAAAAAAAAAAAAAAAAhCv0MAAAAAAAAAAAAAAAAAAAAACEL/QwAAAAAAAAAAAAAAAAAAAAAIQz9DAAAAAAAAAAAAAAAAAAAAAAhDSAAIQYgByADQQJ0aiEIIAggA0ECdEE/cWshCQJAA0AgByAJTw0BIAogBv0ABAAgB/0ABAD95gH95AEhCiALIAb9AAQQIAf9AAQQ/eYB/eQBIQsgDCAG/QAEICAH/QAEIP3mAf3kASEMIA0gBv0ABDAgB/0ABDD95gH95AEhDSAGQcAAaiEGIAdBwABqIQcMAAsLAkADQCAHIAhPDQEgCiAG/QAEACAH/QAEAP3mAf3kASEKIAZBEGohBiAHQRBqIQcMAAsLIAogC/3kASAMIA395AH95AEhCiAEIAr9HwAgCv0fAZIgCv0fAiAK/R8DkpI4AgAgBEEEaiEEDAALCws=';

let compiled: WebAssembly.Module | undefined;

export interface DotsKernel {
  readonly memory: WebAssembly.Memory;
  /** `out[r] = q . m[r]` for `rows` rows of `dims` float32 (a multiple of 4); byte addresses in `memory`. */
  dots(q: number, m: number, rows: number, dims: number, out: number): void;
}

/** A kernel with its own memory (compiled once per process, instantiated per caller). */
export function dotsKernel(): DotsKernel {
  compiled ??= new WebAssembly.Module(Buffer.from(DOTS_WASM, 'base64'));
  return new WebAssembly.Instance(compiled, {}).exports as unknown as DotsKernel;
}
