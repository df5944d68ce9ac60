/**
 * The WebAssembly module of src/knowledge/dots.wat (the source; simd-dots.test.ts checks that
 * these bytes are that file assembled by wabt): one exported function, `dots`, which scores
 * many float32 rows against one vector four lanes at a time. Kept as bytes so that nothing is
 * assembled at build or run time.
 */
export const DOTS_WASM = 'AGFzbQEAAAABCQFgBX9/f39/AAMCAQAFAwEAAQcRAgZtZW1vcnkCAARkb3RzAAAKoAEBnQEDA38BewF/IAQgAkECdGohBSABIQcCQANAIAQgBU8NAf0MAAAAAAAAAAAAAAAAAAAAACEIIAAhBiAHIANBAnRqIQkCQANAIAcgCU8NASAIIAb9AAQAIAf9AAQA/eYB/eQBIQggBkEQaiEGIAdBEGohBwwACwsgBCAI/R8AIAj9HwGSIAj9HwIgCP0fA5KSOAIAIARBBGohBAwACwsL';

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
