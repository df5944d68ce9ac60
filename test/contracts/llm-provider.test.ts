import { loadConfig, type LangChainSpec } from '../../src/config';
import { createChatModel } from '../../src/llm/langchain-models';
import { LangChainProvider } from '../../src/llm/langchain-provider';
import { FakeChatUpstream } from '../support/fake-chat-upstreams';

// Bedrock signs its requests: test credentials, so the AWS SDK never looks further (no instance metadata).
process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
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

/** The same contract through LangChain's chat models, each against a fake of its provider's own wire format. */
describe.each([
  ['ollama', 'llama3.1'],
  ['anthropic', 'claude-test'],
  ['google', 'gemini-test'],
  ['bedrock', 'anthropic.claude-test-v1:0'],
] as const)('LangChain provider %s', (format, model) => {
  const fake = new FakeChatUpstream(format);
  let url = '';
  beforeAll(async () => {
    url = await fake.start();
  });
  afterAll(() => fake.stop());
  llmProviderContract(`langchain:${format} (real LangChain model, local ${format} upstream)`, () =>
    langChainProvider(format, model, url),
  );
});

/** Azure OpenAI speaks the OpenAI wire format under its own paths: the OpenAI fake answers it. */
describe('LangChain provider azure', () => {
  llmProviderContract('langchain:azure (real LangChain model, local OpenAI-format upstream)', () =>
    langChainProvider('azure', 'test-deployment', baseURL.replace(/\/v1$/, '')),
  );
});

function langChainProvider(provider: LangChainSpec['provider'], model: string, baseUrl: string) {
  const cfg = loadConfig({
    LLM_PROVIDER: `langchain:${provider}:${model}`,
    LLM_BASE_URL: baseUrl,
    LLM_API_KEY: 'test-key',
    LLM_MAX_RETRIES: '0',
    LLM_REGION: 'us-east-1',
    KNOWLEDGE_DIR: '.',
    DATA_DIR: '.',
  });
  return new LangChainProvider(`langchain:${provider}:${model}`, createChatModel(cfg.llm!.langchain!, cfg.llm!), {
    historyTokens: 1000,
    productName: 'Nimbus Home',
  });
}
