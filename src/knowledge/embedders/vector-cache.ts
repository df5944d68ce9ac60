import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, promises as fsp, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Vectors by the SHA-256 of model and text, in memory and in one append-only file under
 * DATA_DIR per model: a restart, or a file saved unchanged, embeds nothing again.
 * Records: 32-byte key, uint32 dims, dims float32. A torn last record is ignored.
 */
export class VectorCache {
  private readonly vectors = new Map<string, Float32Array>();
  private readonly file: string;
  /** The file is read on first use, not at start-up: the server is ready before it embeds. */
  private loading?: Promise<void>;

  constructor(
    private readonly model: string,
    dataDir: string,
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.file = path.join(dataDir, `embeddings-${createHash('sha256').update(model).digest('hex').slice(0, 12)}.bin`);
  }

  /** Whether earlier runs cached anything (a first start has nothing). */
  get empty(): boolean {
    return !existsSync(this.file) || statSync(this.file).size === 0;
  }

  /**
   * The vector of each text: from the cache, or computed by `compute` for the distinct texts it lacks (in their
   * order) and cached.
   */
  async through(texts: string[], compute: (missing: string[]) => Promise<Float32Array[]>): Promise<Float32Array[]> {
    this.loading ??= this.load();
    await this.loading;
    // Each text hashed once: a first start passes every chunk of the knowledge base through here.
    const keys = texts.map((t) => this.key(t));
    const missing = new Map<string, string>();
    keys.forEach((key, i) => {
      if (!this.vectors.has(key)) missing.set(key, texts[i]);
    });
    if (missing.size) {
      const vectors = await compute([...missing.values()]);
      this.add([...missing.keys()].map((key, i) => [key, vectors[i]]));
    }
    return keys.map((key) => this.vectors.get(key)!);
  }

  /** Keeps new vectors by key, in memory and in one append to the file. */
  private add(entries: [string, Float32Array][]): void {
    const records: Buffer[] = [];
    for (const [key, v] of entries) {
      if (this.vectors.has(key)) continue;
      this.vectors.set(key, v);
      const head = Buffer.alloc(36);
      Buffer.from(key, 'hex').copy(head, 0);
      head.writeUInt32LE(v.length, 32);
      records.push(head, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    }
    if (records.length) appendFileSync(this.file, Buffer.concat(records));
  }

  private key(text: string): string {
    return createHash('sha256').update(this.model).update('\0').update(text).digest('hex');
  }

  private async load(): Promise<void> {
    const buf = await fsp.readFile(this.file).catch(() => Buffer.alloc(0));
    let off = 0;
    while (off + 36 <= buf.length) {
      const dims = buf.readUInt32LE(off + 32);
      const end = off + 36 + dims * 4;
      if (end > buf.length) break;
      this.vectors.set(
        buf.subarray(off, off + 32).toString('hex'),
        new Float32Array(buf.buffer.slice(buf.byteOffset + off + 36, buf.byteOffset + end)),
      );
      off = end;
    }
  }
}
