import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { LlmRateLimited, type GenerationInput, type LlmProvider, type Turn } from './llm-provider';
import { buildPrompt, buildRewritePrompt, type PromptMessage } from './prompt';

/**
 * A LangChain chat model (Anthropic, Google, Bedrock, Azure OpenAI, Ollama) behind the same
 * interface as the OpenAI-compatible provider: the same grounded prompt, streamed deltas, the
 * caller's signal for time-outs and stalls, a thrown error (never an apology) for the caller's
 * offline fallback, and the upstream's token counts for the daily budgets.
 */
export class LangChainProvider implements LlmProvider {
  constructor(
    readonly name: string,
    private readonly model: BaseChatModel,
    private readonly opts: { historyTokens: number; productName?: string },
  ) {}

  async *generate(input: GenerationInput, signal: AbortSignal): AsyncIterable<string> {
    // Without sources the model could only guess; the answer path declines before this.
    if (input.sources.length === 0) throw new Error('refusing to prompt the model without sources');
    const prompt = buildPrompt(input, { productName: this.opts.productName, historyTokens: this.opts.historyTokens });
    let any = false;
    // Providers report usage in parts (Anthropic: the prompt at the start, the answer at the end).
    let promptTokens = 0;
    let completionTokens = 0;
    try {
      for await (const chunk of await this.model.stream(toMessages(prompt), { signal })) {
        const usage = chunk.usage_metadata;
        if (usage) {
          promptTokens = Math.max(promptTokens, usage.input_tokens ?? 0);
          completionTokens = Math.max(completionTokens, usage.output_tokens ?? 0);
        }
        const text = textOf(chunk.content);
        if (text) {
          any = true;
          yield text;
        }
      }
    } catch (err) {
      throw rateLimited(err) ? new LlmRateLimited({ cause: err }) : err;
    }
    if (promptTokens || completionTokens) input.onUsage?.({ promptTokens, completionTokens });
    if (!any) throw new Error('upstream returned an empty answer');
  }

  async rewriteQuestion(input: { question: string; history: Turn[] }, signal: AbortSignal): Promise<string> {
    const reply = await this.model.invoke(toMessages(buildRewritePrompt(input)), { signal });
    return textOf(reply.content).trim();
  }
}

function toMessages(prompt: PromptMessage[]): BaseMessage[] {
  return prompt.map((m) =>
    m.role === 'system'
      ? new SystemMessage(m.content)
      : m.role === 'user'
        ? new HumanMessage(m.content)
        : new AIMessage(m.content),
  );
}

/** A chunk's text: a string, or the text parts of a list of content blocks. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p) => (p && typeof p === 'object' && 'text' in p && typeof p.text === 'string' ? p.text : ''))
    .join('');
}

function rateLimited(err: unknown): boolean {
  // Each provider's SDK says it its own way (Ollama's `status_code`, AWS's `$metadata`).
  const e = err as {
    status?: number;
    statusCode?: number;
    status_code?: number;
    lc_error_code?: string;
    name?: string;
    $metadata?: { httpStatusCode?: number };
  };
  return (
    e?.status === 429 ||
    e?.statusCode === 429 ||
    e?.status_code === 429 ||
    e?.$metadata?.httpStatusCode === 429 ||
    e?.lc_error_code === 'MODEL_RATE_LIMIT' ||
    e?.name === 'ThrottlingException'
  );
}
