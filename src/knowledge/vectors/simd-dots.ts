/**
 * The WebAssembly module of src/knowledge/dots.wat (the source; simd-dots.test.ts checks that
 * these bytes are that file assembled by wabt): one exported function, `dots`, which scores
 * many int8 rows against one int16 vector sixteen values at a time. Kept as bytes so that
 * nothing is assembled at build or run time.
 */
export const DOTS_WASM =
  'AGFzbQEAAAABCQFgBX9/f39/AAMCAQAFAwEAAQcRAgZtZW1vcnkCAARkb3RzAAAK1AEB0QECBH8DeyAEIAJBAnRqIQUgASEHAkADQCAEIAVPDQH9DAAAAAAAAAAAAAAAAAAAAAAhCv0MAAAAAAAAAAAAAAAAAAAAACELIAAhBiAHIANqIQgCQANAIAcgCE8NASAH/QAEACEJIAogCf2HASAG/QAEAP26Af2uASEKIAsgCf2IASAG/QAEEP26Af2uASELIAZBIGohBiAHQRBqIQcMAAsLIAogC/2uASEKIAQgCv0bACAK/RsBaiAK/RsCIAr9GwNqajYCACAEQQRqIQQMAAsLCw==';

let compiled: WebAssembly.Module | undefined;

export interface DotsKernel {
  readonly memory: WebAssembly.Memory;
  /**
   * `out[r] = q . m[r]` as int32 for `rows` rows of `len` int8 (a multiple of 16) against `len`
   * int16; byte addresses in `memory`. The caller keeps every sum within int32.
   */
  dots(q: number, m: number, rows: number, len: number, out: number): void;
}

/** A kernel with its own memory (compiled once per process, instantiated per caller). */
export function dotsKernel(): DotsKernel {
  compiled ??= new WebAssembly.Module(Buffer.from(DOTS_WASM, 'base64'));
  return new WebAssembly.Instance(compiled, {}).exports as unknown as DotsKernel;
}
