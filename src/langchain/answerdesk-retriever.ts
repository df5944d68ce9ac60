import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { SearchResult } from '../protocol/http-api';

export interface AnswerdeskRetrieverInput extends BaseRetrieverInput {
  /** The Answerdesk server, e.g. `https://support.example.com`. */
  baseUrl: string;
  /** Passages returned at most (1-50). @default 5 */
  k?: number;
  /**
   * Passages under this confidence (0-1) are left out; the bot itself declines under
   * RETRIEVAL_MIN_SCORE (0.6 by default). @default 0
   */
  minScore?: number;
  /** The asker's language tag (`de`, `fr-CA`), for a short question in a multilingual knowledge base. */
  lang?: string;
  /** With ALLOWED_ORIGINS set, the server answers searches from those sites only: name one of them. */
  origin?: string;
  /** @default 10000 */
  timeoutMs?: number;
}

/**
 * Answerdesk's knowledge in your own LangChain chains: the passages the bot would use for a
 * question, from a running server's `GET /api/v1/knowledge/search`, as Documents whose
 * metadata names the article (`path`, `title`, `heading`, `url`, `score`; `source` is the
 * article's public address when it has one, else its path).
 *
 * ```ts
 * const retriever = new AnswerdeskRetriever({ baseUrl: 'https://support.example.com', k: 4 });
 * const docs = await retriever.invoke('How do I reset my password?');
 * ```
 */
export class AnswerdeskRetriever extends BaseRetriever {
  static lc_name() {
    return 'AnswerdeskRetriever';
  }

  lc_namespace = ['answerdesk', 'retrievers'];

  private readonly o: AnswerdeskRetrieverInput;

  constructor(fields: AnswerdeskRetrieverInput) {
    super(fields);
    new URL(fields.baseUrl); // a bad address fails here, not at the first question
    this.o = fields;
  }

  async _getRelevantDocuments(query: string, _run?: CallbackManagerForRetrieverRun): Promise<Document[]> {
    const url = new URL('/api/v1/knowledge/search', this.o.baseUrl);
    url.searchParams.set('q', query);
    url.searchParams.set('k', String(this.o.k ?? 5));
    if (this.o.lang) url.searchParams.set('lang', this.o.lang);
    const res = await fetch(url, {
      headers: { accept: 'application/json', ...(this.o.origin ? { origin: this.o.origin } : {}) },
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
    });
    const body = (await res.json().catch(() => undefined)) as
      | { results?: SearchResult[]; error?: { code: string; message: string } }
      | undefined;
    if (!res.ok || !body?.results)
      throw new Error(
        `Answerdesk search failed (${res.status} ${body?.error?.code ?? 'no JSON'}): ${body?.error?.message ?? res.statusText}`,
      );
    return body.results
      .filter((r) => r.score >= (this.o.minScore ?? 0))
      .map(
        (r) =>
          new Document({
            pageContent: r.text,
            metadata: {
              source: r.url ?? r.path,
              path: r.path,
              title: r.title,
              ...(r.heading ? { heading: r.heading } : {}),
              ...(r.url ? { url: r.url } : {}),
              score: r.score,
            },
          }),
      );
  }
}
