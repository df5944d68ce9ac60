import OpenAI from 'openai';
import type { Chunk } from '../chunk';
import { CachingEmbedder, unit, type EmbedOptions, type EmbeddingCalibration } from './embedder';

const BATCH = 64;

/**
 * `POST /embeddings` on any OpenAI-compatible server (OpenAI, Ollama, vLLM...) through the
 * official SDK, every knowledge text embedded once (see VectorCache).
 */
export class OpenAiEmbedder extends CachingEmbedder {
  /**
   * Models such as text-embedding-3 or nomic-embed-text put related texts at 0.3-0.6. Not
   * calibrated against a real model here (no network); the fake endpoint in the tests checks the wiring.
   */
  readonly calibration: EmbeddingCalibration = {
    floor: 0.2,
    match: 0.35,
    confidenceFloor: 0.1,
    confidenceWeight: 0.5,
    weight: 1,
  };
  readonly local = false;
  private readonly client: OpenAI;

  constructor(cfg: { apiKey: string; baseURL?: string; model: string; dataDir: string; maxRetries: number }) {
    super(cfg.model, cfg.dataDir);
    this.client = new OpenAI({ apiKey: cfg.apiKey, baseURL: cfg.baseURL, maxRetries: cfg.maxRetries });
  }

  chunkTexts(c: Pick<Chunk, 'title' | 'headings' | 'text'>): string[] {
    return [`${c.title}\n${c.headings.join(' › ')}\n${c.text}`.slice(0, 4000)];
  }

  protected async compute(texts: string[], { signal }: EmbedOptions): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH)
      vectors.push(...(await this.request(texts.slice(i, i + BATCH), signal)));
    return vectors;
  }

  async embedQuery(text: string, signal?: AbortSignal): Promise<Float32Array | null> {
    return (await this.request([text], signal))[0] ?? null;
  }

  private async request(input: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const res = await this.client.embeddings.create({ model: this.model, input }, { signal });
    const sorted = [...res.data].sort((a, b) => a.index - b.index);
    if (sorted.length !== input.length)
      throw new Error('the embeddings endpoint returned a different number of vectors');
    return sorted.map((d) => unit(Float32Array.from(d.embedding as number[])));
  }
}
