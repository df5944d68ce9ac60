import { OfflineAnswerer } from '../../src/llm/offline-answerer';
import { OpenAiProvider } from '../../src/llm/openai-provider';
import { FakeOpenAi } from '../support/fake-openai';
import { llmProviderContract } from './llm-provider.contract';

llmProviderContract('offline answerer', () => new OfflineAnswerer());

const upstream = new FakeOpenAi();
let baseURL = '';
beforeAll(async () => {
  baseURL = await upstream.start();
  // The fake model answers like a grounded model would, in several SSE chunks.
  upstream.always({ kind: 'stream', deltas: ['You can return', ' it within', ' 30 days [1].'], delayMs: 5 });
});
afterAll(() => upstream.stop());

llmProviderContract('openai-compatible (real SDK, local SSE upstream)', () => {
  return new OpenAiProvider(
    {
      apiKey: 'test-key',
      baseURL,
      model: 'test-model',
      timeoutMs: 5000,
      stallMs: 2000,
      maxRetries: 0,
      historyTokens: 1000,
      temperature: 0,
      maxTokens: 300,
      spend: { concurrency: 4, queueMs: 1000, dailyTokens: 0, visitorDailyTokens: 0 },
    },
    'Nimbus Home',
  );
});
