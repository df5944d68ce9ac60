import type { Config } from '../config';
import type { LlmProvider } from './llm-provider';
import { OpenAiProvider } from './openai-provider';

/** The configured LLM, or undefined when answers are composed offline. */
export function createLlm(config: Readonly<Config>): LlmProvider | undefined {
  return config.llm ? new OpenAiProvider(config.llm, config.productName) : undefined;
}
