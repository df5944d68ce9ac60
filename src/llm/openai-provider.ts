import OpenAI from 'openai';
import type { LlmConfig } from '../config';
import { LlmRateLimited, type GenerationInput, type LlmProvider, type Turn } from './llm-provider';
import { buildPrompt, buildRewritePrompt } from './prompt';

/**
 * Any OpenAI-compatible chat-completions server through the official SDK, streamed. Retries
 * (429, 5xx, connection errors, with the server's Retry-After) are the SDK's, bounded by
 * `maxRetries`; the caller's signal bounds the whole attempt in time.
 */
export class OpenAiProvider implements LlmProvider {
  readonly name: string;
  private readonly client: OpenAI;

  constructor(
    private readonly cfg: LlmConfig,
    private readonly productName: string | undefined,
  ) {
    this.name = `openai:${cfg.model}`;
    this.client = new OpenAI({
      apiKey: cfg.apiKey,
      baseURL: cfg.baseURL,
      timeout: cfg.timeoutMs,
      maxRetries: cfg.maxRetries,
    });
  }

  async *generate(input: GenerationInput, signal: AbortSignal): AsyncIterable<string> {
    // Without sources the model could only guess; the answer path declines before this.
    if (input.sources.length === 0) throw new Error('refusing to prompt the model without sources');
    const messages = buildPrompt(input, { productName: this.productName, historyTokens: this.cfg.historyTokens });
    let any = false;
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: this.cfg.model,
          messages,
          stream: true,
          temperature: this.cfg.temperature,
          max_tokens: this.cfg.maxTokens,
          // The cost of the answer, in a last chunk: what the daily budgets count.
          stream_options: { include_usage: true },
        },
        { signal },
      );
      for await (const chunk of stream) {
        if (chunk.usage)
          input.onUsage?.({
            promptTokens: chunk.usage.prompt_tokens,
            completionTokens: chunk.usage.completion_tokens,
          });
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) {
          any = true;
          yield delta;
        }
      }
    } catch (err) {
      throw err instanceof OpenAI.RateLimitError ? new LlmRateLimited({ cause: err }) : err;
    }
    if (!any) throw new Error('upstream returned an empty answer');
  }

  async rewriteQuestion(input: { question: string; history: Turn[] }, signal: AbortSignal): Promise<string> {
    const stream = await this.client.chat.completions.create(
      { model: this.cfg.model, messages: buildRewritePrompt(input), stream: true, temperature: 0, max_tokens: 60 },
      { signal, maxRetries: 0 },
    );
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    return text.trim();
  }
}
