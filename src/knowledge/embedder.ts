import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';

/** Turns texts into unit vectors: an OpenAI-compatible embeddings endpoint, cached on disk. */
export interface Embedder {
  readonly model: string;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

const BATCH = 64;

/**
 * `POST /embeddings` on any OpenAI-compatible server (OpenAI, Ollama, vLLM...) through the
 * official SDK. Every vector is cached by the SHA-256 of model and text in one append-only file
 * under DATA_DIR, so a restart, or a file saved unchanged, embeds nothing again.
 */
export class OpenAiEmbedder implements Embedder {
  private readonly client: OpenAI;
  private readonly cache = new Map<string, Float32Array>();
  private readonly file: string;
  /** Requests made to the endpoint (for tests and logs). */
  requests = 0;

  constructor(cfg: { apiKey: string; baseURL?: string; model: string; dataDir: string; maxRetries: number }) {
    this.model = cfg.model;
    this.client = new OpenAI({ apiKey: cfg.apiKey, baseURL: cfg.baseURL, maxRetries: cfg.maxRetries });
    mkdirSync(cfg.dataDir, { recursive: true });
    this.file = path.join(cfg.dataDir, `embeddings-${createHash('sha256').update(cfg.model).digest('hex').slice(0, 12)}.bin`);
    this.load();
  }

  readonly model: string;

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const keys = texts.map((t) => this.key(t));
    const missing = [...new Set(texts.filter((_, i) => !this.cache.has(keys[i])))];
    for (let i = 0; i < missing.length; i += BATCH) {
      const batch = missing.slice(i, i + BATCH);
      this.requests++;
      const res = await this.client.embeddings.create({ model: this.model, input: batch }, { signal });
      const sorted = [...res.data].sort((a, b) => a.index - b.index);
      if (sorted.length !== batch.length) throw new Error('the embeddings endpoint returned a different number of vectors');
      sorted.forEach((d, j) => this.store(this.key(batch[j]), unit(Float32Array.from(d.embedding as number[]))));
    }
    return keys.map((k) => this.cache.get(k)!);
  }

  private key(text: string): string {
    return createHash('sha256').update(this.model).update('\0').update(text).digest('hex');
  }

  /** Records: 32-byte key, uint32 dims, dims float32. A torn last record is ignored. */
  private load(): void {
    if (!existsSync(this.file)) return;
    const buf = readFileSync(this.file);
    let off = 0;
    while (off + 36 <= buf.length) {
      const dims = buf.readUInt32LE(off + 32);
      const end = off + 36 + dims * 4;
      if (end > buf.length) break;
      const v = new Float32Array(buf.buffer.slice(buf.byteOffset + off + 36, buf.byteOffset + end));
      this.cache.set(buf.subarray(off, off + 32).toString('hex'), v);
      off = end;
    }
  }

  private store(key: string, v: Float32Array): void {
    this.cache.set(key, v);
    const head = Buffer.alloc(36);
    Buffer.from(key, 'hex').copy(head, 0);
    head.writeUInt32LE(v.length, 32);
    appendFileSync(this.file, Buffer.concat([head, Buffer.from(v.buffer, v.byteOffset, v.byteLength)]));
  }
}

function unit(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
}

/** What a chunk's embedding is made of: its title, headings and text, capped. */
export function embeddingText(c: { title: string; headings: string[]; text: string }): string {
  return `${c.title}\n${c.headings.join(' › ')}\n${c.text}`.slice(0, 4000);
}
