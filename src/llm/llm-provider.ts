import type { Language } from '../knowledge/lexical/languages';

/**
 * The upstream refused for its rate limit after the provider's own retries: the fallback is
 * counted as `rate_limited`, not as an error. A provider throws this (the caller never sees an
 * SDK's error classes, so the SDK loads only when an LLM is configured).
 */
export class LlmRateLimited extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the LLM upstream is rate-limiting us', options);
    this.name = 'LlmRateLimited';
  }
}

/** A numbered passage given to the answer generator; answers cite it as `[n]`. */
export interface GenerationSource {
  n: number;
  title: string;
  heading?: string;
  path: string;
  url?: string;
  /** The passage's Markdown. */
  text: string;
  /** Retrieval confidence in [0, 1]. */
  score: number;
  /** The passage's place in its article (0 for its opening). */
  order?: number;
  /** The language its article is written in; English when unset. */
  lang?: Language;
}

/** An earlier turn of the conversation, oldest first. */
export interface Turn {
  role: 'user' | 'assistant';
  text: string;
}

export interface GenerationInput {
  question: string;
  /** The language to answer in (the question's, else the visitor's); English when unset. */
  language?: Language;
  sources: GenerationSource[];
  history: Turn[];
  /** Called with what the upstream reports the answer cost, when it reports it. */
  onUsage?: (usage: { promptTokens: number; completionTokens: number }) => void;
}

/**
 * Writes an answer from numbered sources, streamed as text deltas. Implementations: the
 * OpenAI-compatible provider and the offline answerer; both pass
 * test/contracts/llm-provider.contract.ts. An implementation must stop promptly when `signal`
 * aborts and must throw (not yield an apology) when it cannot answer, so the caller can fall back.
 */
export interface LlmProvider {
  /** Short name for logs and metrics, e.g. `openai:gpt-4o-mini` or `offline`. */
  readonly name: string;
  generate(input: GenerationInput, signal: AbortSignal): AsyncIterable<string>;
  /**
   * Rewrites a follow-up ("and how much is it?") as a question that stands alone, using the
   * earlier turns, for retrieval. Optional: the offline answerer has no model to do it.
   */
  rewriteQuestion?(input: { question: string; history: Turn[] }, signal: AbortSignal): Promise<string>;
}
