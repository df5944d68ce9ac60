import type { Config } from '../config';
import type { LlmProvider } from './llm-provider';

/**
 * The configured LLM, or undefined when answers are composed offline. The provider (and the
 * openai SDK) is loaded only when one is configured: a server without one should not load it.
 */
export function createLlm(config: Readonly<Config>): LlmProvider | undefined {
  if (!config.llm) return undefined;
  const spec = config.llm.langchain;
  if (spec) {
    const { LangChainProvider } = require('./langchain-provider') as typeof import('./langchain-provider');
    const { createChatModel } = require('./langchain-models') as typeof import('./langchain-models');
    return new LangChainProvider(`langchain:${spec.provider}:${spec.model}`, createChatModel(spec, config.llm), {
      historyTokens: config.llm.historyTokens,
      productName: config.productName,
    });
  }
  const { OpenAiProvider } = require('./openai-provider') as typeof import('./openai-provider');
  return new OpenAiProvider(config.llm, config.productName);
}
