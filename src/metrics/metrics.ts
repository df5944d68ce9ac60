import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Latency, Role } from '../protocol/dto';

/** Fine buckets at the low end: the server's own overhead is measured in milliseconds. */
const BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30];

/**
 * Why an answer was composed offline although an LLM is configured: the upstream failed
 * (`error`, `rate_limited`, `stall`, `deadline`), or the answer was not worth or allowed a call
 * (`busy`: every slot stayed taken past LLM_QUEUE_MS; `budget`: a daily token budget is spent;
 * `visitor_gone`: the visitor left before their question's turn).
 */
export type FallbackReason = 'error' | 'rate_limited' | 'stall' | 'deadline' | 'busy' | 'budget' | 'visitor_gone';

/**
 * Prometheus metrics of one app instance (own registry, so several apps in one process, as in
 * tests, never collide).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly retrieval: Histogram;
  private readonly firstToken: Histogram;
  private readonly total: Histogram;
  private readonly messages: Counter<'role'>;
  private readonly unanswered: Counter;
  private readonly fallbacks: Counter<'reason'>;
  private readonly tokens: Counter<'kind'>;
  private readonly unhandledErrors: Counter;
  private readonly requests: Histogram<'method' | 'route' | 'status_code'>;
  private readonly upstreamCalls: Histogram<'outcome'>;
  private readonly queueWait: Histogram;
  private readonly deletions: Counter<'reason'>;
  private readonly files: Counter<'from' | 'outcome'>;
  private readonly gauges: Gauge<string>[] = [];

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    // Node.js dashboards expect the standard names (process_cpu_seconds_total, nodejs_heap_size_used_bytes…).
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    this.retrieval = new Histogram({
      name: 'answerdesk_retrieval_seconds',
      help: 'Time from receipt of the question to retrieved passages.',
      buckets: BUCKETS_S,
      registers,
    });
    this.firstToken = new Histogram({
      name: 'answerdesk_first_token_seconds',
      help: 'Time from receipt of the question to the first token of the answer.',
      buckets: BUCKETS_S,
      registers,
    });
    this.total = new Histogram({
      name: 'answerdesk_answer_seconds',
      help: 'Time from receipt of the question to the complete answer.',
      buckets: BUCKETS_S,
      registers,
    });
    this.messages = new Counter({
      name: 'answerdesk_messages_total',
      help: 'Messages stored, by author role.',
      labelNames: ['role'],
      registers,
    });
    this.unanswered = new Counter({
      name: 'answerdesk_unanswered_total',
      help: 'Questions the bot declined because the knowledge base did not cover them.',
      registers,
    });
    this.fallbacks = new Counter({
      name: 'answerdesk_llm_fallbacks_total',
      help: 'Answers served offline although an LLM is configured, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.unhandledErrors = new Counter({
      name: 'answerdesk_unhandled_rejections_total',
      help: 'Rejections no code awaited (a store or the cluster adapter failing in the background), logged and survived.',
      registers,
    });
    this.requests = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: BUCKETS_S,
      registers,
    });
    this.upstreamCalls = new Histogram({
      name: 'answerdesk_llm_upstream_seconds',
      help: 'LLM upstream calls from request to last token, by outcome (ok, or the fallback reason).',
      labelNames: ['outcome'],
      buckets: BUCKETS_S,
      registers,
    });
    this.queueWait = new Histogram({
      name: 'answerdesk_llm_queue_wait_seconds',
      help: 'Time answers waited for an LLM slot (LLM_CONCURRENCY).',
      buckets: BUCKETS_S,
      registers,
    });
    this.deletions = new Counter({
      name: 'answerdesk_conversations_deleted_total',
      help: 'Conversations deleted, by reason: retention (RETENTION_DAYS) or erasure (a visitor’s request).',
      labelNames: ['reason'],
      registers,
    });
    this.files = new Counter({
      name: 'answerdesk_files_total',
      help: 'Photos and files sent in conversations, by sender and outcome: stored, or refused for their type, size or rate.',
      labelNames: ['from', 'outcome'],
      registers,
    });
    this.tokens = new Counter({
      name: 'answerdesk_llm_tokens_total',
      help: 'Tokens spent on LLM answers (as the upstream reports them, else estimated), by kind.',
      labelNames: ['kind'],
      registers,
    });
  }

  /**
   * A gauge read when /metrics is scraped (open sockets, the LLM queue): the value lives
   * elsewhere, so nothing has to keep it in step.
   */
  gauge(name: string, help: string, read: () => number): void {
    const gauge = new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
    this.gauges.push(gauge);
  }

  request(method: string, route: string, statusCode: number, seconds: number): void {
    this.requests.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  upstream(outcome: 'ok' | FallbackReason, seconds: number): void {
    this.upstreamCalls.observe({ outcome }, seconds);
  }

  queued(seconds: number): void {
    this.queueWait.observe(seconds);
  }

  file(from: 'visitor' | 'agent', outcome: 'stored' | 'refused_type' | 'too_large' | 'rate_limited'): void {
    this.files.inc({ from, outcome });
  }

  deleted(reason: 'retention' | 'erasure', conversations: number): void {
    this.deletions.inc({ reason }, conversations);
  }

  /** A rejection nothing handled, survived (see server.ts). */
  unhandled(): void {
    this.unhandledErrors.inc();
  }

  llmTokens(prompt: number, completion: number): void {
    this.tokens.inc({ kind: 'prompt' }, prompt);
    this.tokens.inc({ kind: 'completion' }, completion);
  }

  message(role: Role): void {
    this.messages.inc({ role });
  }

  answer(latency: Latency, answered: boolean): void {
    this.retrieval.observe(latency.retrievalMs / 1000);
    this.firstToken.observe(latency.firstTokenMs / 1000);
    this.total.observe(latency.totalMs / 1000);
    if (!answered) this.unanswered.inc();
  }

  fallback(reason: FallbackReason): void {
    this.fallbacks.inc({ reason });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
