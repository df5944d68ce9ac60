import type { Chunk } from '../chunk';
import { CachingEmbedder, type EmbeddingCalibration } from './embedder';
import { EncoderThread } from './encoder-thread';

const DIMS = 512;

/**
 * The default semantic model: the sentence encoder, in a worker thread of this process; no
 * network, no key.
 * A chunk is embedded by what it is about, its title and headings, which is where a help
 * article names the question it answers; the body is the lexical half's. On the Arduino dev
 * set, adding the first 40 words of the text found the same paraphrased questions (0.727) and
 * one more two-article question, but made the first start's embedding 4x longer (15 s against
 * 4 s on this corpus); the first 12 words found fewer (0.682).
 */
export class LocalEmbedder extends CachingEmbedder {
  /**
   * Under this model unrelated texts sit at 0.1-0.3 and a question and its article's title at
   * 0.4-0.8 (measured on the dev set's questions); off-topic questions still reach 0.6 against
   * some title, so similarity alone never makes the bot answer. Ranking weight 2 and floor 0.3
   * found the most paraphrased questions; any confidence floor of 0.5-0.6 with a weight of
   * 0.75-2 gave the same decisions on the dev set: the middle is taken. (Without the word-vector
   * sentence similarity beside it, a floor of 0.4 met the dev set's targets too, but on the
   * sample knowledge base it answered a string of HTML and put "gift cards" above "gift
   * wrapping" for a question about gift wrapping.)
   */
  readonly calibration: EmbeddingCalibration = { floor: 0.3, match: 0.3, confidenceFloor: 0.55, confidenceWeight: 1, weight: 2 };
  readonly local = true;
  private readonly encoder = EncoderThread.shared();
  /** Knowledge texts this instance had the model encode (not found in the cache). */
  encoded = 0;
  /** Questions this instance had the model encode. */
  questions = 0;

  constructor(cfg: { dataDir: string }) {
    super('universal-sentence-encoder-lite', cfg.dataDir);
    // The model loads on its thread while the knowledge base is read and split; with nothing
    // cached, the whole knowledge base is about to be embedded, by two threads.
    this.encoder.warm({ backlog: this.cachedVectors === 0 });
  }

  chunkText(c: Pick<Chunk, 'title' | 'headings'>): string {
    return [c.title, ...c.headings].join('. ');
  }

  protected compute(texts: string[]): Promise<Float32Array[]> {
    this.encoded += texts.length;
    // A text with no word piece (none in practice: titles are words) gets a vector that matches nothing.
    return Promise.all(texts.map(async (t) => (await this.encoder.encode(t)) ?? new Float32Array(DIMS)));
  }

  async embedQuery(text: string): Promise<Float32Array | null> {
    this.questions++;
    return this.encoder.encode(text);
  }
}
