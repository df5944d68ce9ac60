import type { Chunk } from '../chunk';
import { CachingEmbedder, type EmbedOptions, type EmbeddingCalibration } from './embedder';
import { EncoderThread } from './encoder-thread';
import { textWindows } from './text-windows';

const DIMS = 512;
/** A window of a chunk's text: about what the model reads best, a few sentences. */
const WINDOW_WORDS = 40;
/** Windows per chunk at most: the start of a section says what it answers. */
const MAX_WINDOWS = 6;

/**
 * The default semantic model: the sentence encoder, in a worker thread of this process; no
 * network, no key.
 * A chunk is embedded by what it is about, its title and headings, which is where a help
 * article names the question it answers; the body is the lexical half's. Embedding the start of
 * the text as well found no more paraphrased questions in the evaluation and made a first
 * start's embedding several times longer.
 */
export class LocalEmbedder extends CachingEmbedder {
  /**
   * Under this model unrelated texts sit well below a question and its article's title, but an
   * off-topic question can still come close to some title, so similarity alone never makes the
   * bot answer: it adds to the confidence only above a floor, at a limited weight. The values
   * are calibrated with `npm run eval`.
   */
  readonly calibration: EmbeddingCalibration = {
    floor: 0.3,
    match: 0.3,
    confidenceFloor: 0.02,
    confidenceWeight: 3,
    weight: 2,
    // An English model: on other languages it finds likeness in shared letters, not meaning.
    languages: ['en'],
  };
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
    this.encoder.warm({ backlog: this.nothingCached });
  }

  chunkTexts(c: Pick<Chunk, 'title' | 'headings' | 'text'>): string[] {
    const about = [c.title, ...c.headings].join('. ');
    return [about, ...textWindows(c.text, WINDOW_WORDS, MAX_WINDOWS)];
  }

  protected compute(texts: string[], { background }: EmbedOptions): Promise<Float32Array[]> {
    this.encoded += texts.length;
    const priority = background ? 'background' : 'urgent';
    // A text with no word piece (none in practice: titles are words) gets a vector that matches nothing.
    return Promise.all(
      texts.map(async (t) => (await this.encoder.encode(t, priority, this)) ?? new Float32Array(DIMS)),
    );
  }

  close(): Promise<void> {
    return this.encoder.cancel(this);
  }

  async embedQuery(text: string): Promise<Float32Array | null> {
    this.questions++;
    return this.encoder.encode(text, 'urgent');
  }
}
