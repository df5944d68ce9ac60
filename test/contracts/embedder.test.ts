import { LocalEmbedder } from '../../src/knowledge/embedders/local-embedder';
import { OpenAiEmbedder } from '../../src/knowledge/embedders/openai-embedder';
import { FakeOpenAi } from '../support/fake-openai';
import { embedderContract } from './embedder.contract';

embedderContract('local sentence encoder', () => {
  const made: LocalEmbedder[] = [];
  return {
    make: (dataDir) => {
      const e = new LocalEmbedder({ dataDir });
      made.push(e);
      return e;
    },
    // Questions go to the model too; the embedder counts knowledge texts only, so count both here.
    modelInputs: () => made.reduce((n, e) => n + e.encoded + e.questions, 0),
  };
});

const upstream = new FakeOpenAi();
let baseURL = '';
beforeAll(async () => {
  baseURL = await upstream.start();
});
afterAll(() => upstream.stop());

embedderContract('OpenAI-compatible endpoint (fake server, real SDK)', () => ({
  make: (dataDir) => new OpenAiEmbedder({ apiKey: 'test', baseURL, model: 'fake-embed', dataDir, maxRetries: 0 }),
  modelInputs: () => upstream.embeddingInputs.flat().length,
}));
