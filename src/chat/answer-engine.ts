import { createHash } from 'node:crypto';
import type { HistoryStore, NewMessage } from '../history/history-store';
import { headingOf, type SearchHit } from '../knowledge/chunk';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import {
  LlmRateLimited,
  type GenerationInput,
  type GenerationSource,
  type LlmProvider,
  type Turn,
} from '../llm/llm-provider';
import { composeAnswer } from '../llm/offline-answerer';
import { type LlmSpend, SpendRefused } from '../llm/llm-spend';
import { estimateTokens } from '../llm/token-budget';
import { GenerationTimeout, withDeadlines } from '../llm/with-deadlines';
import type { LlmHealth, UpstreamFailure } from '../llm/llm-health';
import type { Logger } from '../logger';
import type { FallbackReason, Metrics } from '../metrics/metrics';
import type { Conversation, Latency, Message, Source } from '../protocol/dto';
import type { AnswerSink } from './chat-events';
import { CitationNumbers } from './citation-numbers';
import { DeltaBatcher } from './delta-batcher';
import { isFollowUp } from './follow-up';
import { smallTalkOf, smallTalkReply } from './small-talk';
import type { Language } from '../knowledge/lexical/languages';
import { repliesIn, replyLanguage } from '../replies/reply-language';

export interface AnswerEngineOptions {
  history: HistoryStore;
  /** Told of every upstream call's outcome. */
  health?: LlmHealth;
  knowledge: KnowledgeBase;
  /** The LLM when configured; absent means the offline answerer is the primary. */
  llm?: LlmProvider;
  offline: LlmProvider;
  metrics: Metrics;
  logger: Logger;
  retrieval: { topK: number; minScore: number };
  llmLimits?: { totalMs: number; stallMs: number };
  /** Concurrency, queue and daily budgets of the LLM (see LlmSpend); unlimited when absent. */
  spend?: LlmSpend;
  /** Earlier messages read for the prompt and for follow-up questions. */
  historyMessages?: number;
  /**
   * Several nodes share the conversations: re-read the mode before storing, in case the
   * takeover's silence message from another node was lost. On one node the silence signal is
   * synchronous with the takeover and this read would be a wasted query per answer.
   * @default false
   */
  clustered?: boolean;
  /** See DeltaBatcher. @default 0 */
  streamBatchMs?: number;
  /** How replies to small talk name the company or product; unnamed when unset. */
  productName?: string;
}

export interface AnswerRequest {
  conversationId: string;
  /** Whose budget the answer spends. */
  visitorId: string;
  /** False once the visitor has gone: the answer is then composed offline, at no cost, for their return. */
  stillThere?: () => boolean;
  question: Message;
  /** `performance.now()` when the visitor's message arrived. */
  receivedAt: number;
  /** The visitor's language tag (from their widget), when known. */
  locale?: string;
}

/** Longest the visitor waits for a follow-up question to be rewritten before retrieval goes on without it. */
const REWRITE_MS = 1500;

/**
 * One bot turn: retrieve, decide, generate (falling back to the offline answer when the LLM
 * fails or is too slow), persist with sources and latency, record metrics. Everything on this
 * path is in memory except the history read and the final write.
 */
export class AnswerEngine {
  constructor(private readonly o: AnswerEngineOptions) {}

  /**
   * Streams the answer to `sink`; returns it as stored, with the conversation when the store
   * has it. When `silenced` aborts (an agent took over), the answer is withdrawn with
   * `cancel`, nothing is stored, and null is returned.
   */
  async answer(
    req: AnswerRequest,
    sink: AnswerSink,
    silenced: AbortSignal = new AbortController().signal,
  ): Promise<{ message: Message; conversation?: Conversation } | null> {
    const { conversationId } = req;
    const log = this.o.logger.child({ conversationId });
    // Read only when needed (a follow-up retrieval, or the LLM prompt): the common offline
    // answer makes no history read at all.
    let earlierRead: Promise<Message[]> | undefined;
    const earlier = () =>
      (earlierRead ??= this.o.history
        .listMessages(conversationId, { limit: this.o.historyMessages ?? 12 })
        .then((ms) => ms.filter((m) => m.id !== req.question.id)));
    // Small talk gets a reply in the bot's voice: no search, and never a decline.
    const smallTalk = smallTalkOf(req.question.text);
    const language = replyLanguage(req.question.text, req.locale);
    const replies = repliesIn(language);
    const hits = smallTalk ? [] : await this.retrieve(req.question.text, earlier, log, language);
    const retrievalMs = since(req.receivedAt);
    // The same id on whichever node writes it: a second writer's stream and end are the same
    // message to the visitor, and the store keeps one (its clientMessageId below).
    const messageId = answerIdFor(req.question.id);
    sink.start({ conversationId, messageId });

    let text = '';
    let firstTokenMs = 0;
    const batcher = new DeltaBatcher(
      (delta, offset) => sink.delta({ conversationId, messageId, delta, offset }),
      this.o.streamBatchMs,
    );
    const sources = numbered(hits);
    const known = new Set(sources.map((s) => s.n));
    let citations = new CitationNumbers(known);
    const write = (shown: string) => {
      if (silenced.aborted || shown === '') return;
      if (!firstTokenMs) firstTokenMs = since(req.receivedAt);
      const offset = text.length;
      text += shown;
      batcher.push(shown, offset);
    };
    const emit = (delta: string) => write(citations.push(delta));
    const withdraw = () => {
      batcher.discard();
      return this.withdraw(sink, conversationId, messageId, log);
    };

    const answered = smallTalk !== undefined || sources.length > 0;
    if (smallTalk) {
      emit(smallTalkReply(smallTalk, this.o.productName, replies));
    } else if (!answered) {
      emit(replies.decline);
    } else {
      const input: GenerationInput = {
        question: req.question.text,
        language,
        sources,
        history: this.o.llm ? turnsOf(await earlier()) : [],
      };
      try {
        await this.generate(req, input, emit, silenced);
      } catch (err) {
        if (silenced.aborted) return withdraw();
        const reason = fallbackReason(err);
        this.o.metrics.fallback(reason);
        if (reason === 'visitor_gone' || reason === 'busy' || reason === 'budget')
          log.info({ reason }, 'answering offline: no LLM call for this answer');
        else
          log.warn(
            { reason, provider: this.o.llm?.name, err: reason === 'error' ? err : undefined },
            'LLM failed, answering offline',
          );
        const offline = composeAnswer(input);
        if (text === '') emit(offline);
        else {
          // answer:end carries the authoritative text, so a half-streamed LLM answer is replaced,
          // its citations numbered afresh.
          citations = new CitationNumbers(known);
          text = citations.push(offline) + citations.flush();
        }
      }
    }
    write(citations.flush());
    // The last fence before storing: the signal, and with other nodes the store itself.
    batcher.flush();
    if (silenced.aborted || (this.o.clustered && (await this.takenOver(conversationId)))) return withdraw();
    const latency: Latency = {
      retrievalMs,
      firstTokenMs: firstTokenMs || since(req.receivedAt),
      totalMs: since(req.receivedAt),
    };
    const stored = await this.persist(
      {
        id: messageId,
        conversationId,
        role: 'bot',
        text,
        sources: citedSources(sources, citations.cited()),
        answered,
        latency,
        replyTo: req.question.id,
        clientMessageId: `answer-${req.question.id}`,
      },
      log,
    );
    this.o.metrics.message('bot');
    this.o.metrics.answer(latency, answered);
    sink.end(stored.message);
    return stored;
  }

  /**
   * Hits above the confidence floor. A question that leans on the one before ("and how much is
   * it?") is read with the conversation: rewritten to stand alone by the LLM when there is one
   * (within REWRITE_MS), else searched together with the previous question; that reading wins
   * whenever it finds something, since a few words of the question alone ("cost") match
   * anything. A question that stands on its own is never read with an earlier one: what it
   * does not find is declined, not answered from the previous question's article.
   */
  private async retrieve(
    question: string,
    earlier: () => Promise<Message[]>,
    log: Logger,
    language: Language,
  ): Promise<SearchHit[]> {
    const { topK, minScore } = this.o.retrieval;
    const confident = (hits: SearchHit[]) => hits.filter((h) => h.score >= minScore);
    const search = (q: string) => this.o.knowledge.search(q, topK, language);
    const own = confident(await search(question));
    if (!isFollowUp(question)) return own;
    const turns = await earlier();
    const previous = [...turns].reverse().find((m) => m.role === 'visitor' && m.text.trim() && !smallTalkOf(m.text));
    if (!previous) return own;
    const rewritten = await this.rewrite(question, turns, log);
    let read = rewritten ? confident(await search(rewritten)) : [];
    if (read.length === 0) read = confident(await search(`${previous.text} ${question}`));
    return read.length > 0 ? read : own;
  }

  private async rewrite(question: string, turns: Message[], log: Logger): Promise<string | undefined> {
    const rewriteQuestion = this.o.llm?.rewriteQuestion?.bind(this.o.llm);
    if (!rewriteQuestion) return undefined;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REWRITE_MS);
    try {
      const text = await rewriteQuestion({ question, history: turnsOf(turns) }, controller.signal);
      return text && text.length <= 500 ? text : undefined;
    } catch (err) {
      log.warn(
        { err: controller.signal.aborted ? undefined : err, timedOut: controller.signal.aborted },
        'question rewrite failed; searching with the previous question',
      );
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  private async generate(
    req: AnswerRequest,
    input: GenerationInput,
    emit: (d: string) => void,
    silenced: AbortSignal,
  ): Promise<void> {
    const llm = this.o.llm;
    if (!llm) {
      for await (const delta of this.o.offline.generate(input, silenced)) emit(delta);
      return;
    }
    if (req.stillThere && !req.stillThere()) throw new VisitorGone();
    const queuedAt = performance.now();
    const release = this.o.spend ? await this.o.spend.acquire(req.visitorId, silenced) : () => undefined;
    const calledAt = performance.now();
    this.o.metrics.queued((calledAt - queuedAt) / 1000);
    let reported: { promptTokens: number; completionTokens: number } | undefined;
    let written = '';
    let outcome: 'ok' | FallbackReason = 'error';
    try {
      const withUsage: GenerationInput = { ...input, onUsage: (u) => (reported = u) };
      const stream = this.o.llmLimits
        ? withDeadlines((signal) => llm.generate(withUsage, signal), { ...this.o.llmLimits, signal: silenced })
        : llm.generate(withUsage, silenced);
      for await (const delta of stream) {
        if (silenced.aborted) throw new Error('silenced');
        written += delta;
        emit(delta);
      }
      outcome = 'ok';
      this.o.health?.success();
    } catch (err) {
      outcome = fallbackReason(err);
      // An agent taking over stops the call: not the upstream's failure.
      if (!silenced.aborted && isUpstreamFailure(outcome)) this.o.health?.failure(outcome, err);
      throw err;
    } finally {
      this.o.metrics.upstream(outcome, (performance.now() - calledAt) / 1000);
      release();
      if (reported || written) this.record(req.visitorId, input, written, reported);
    }
  }

  /** What the upstream reported an answer cost, else an estimate: the prompt carries the sources and the turns. */
  private record(
    visitorId: string,
    input: GenerationInput,
    written: string,
    reported?: { promptTokens: number; completionTokens: number },
  ): void {
    const prompt =
      reported?.promptTokens ??
      estimateTokens(input.question) +
        input.sources.reduce((n, s) => n + estimateTokens(s.text) + 12, 0) +
        input.history.reduce((n, t) => n + estimateTokens(t.text) + 4, 200);
    const completion = reported?.completionTokens ?? estimateTokens(written);
    this.o.spend?.record(visitorId, prompt + completion);
    this.o.metrics.llmTokens(prompt, completion);
  }

  /**
   * An agent owns (or closed) the conversation. A visitor asking for a person mid-answer does
   * not withdraw the answer they are reading; only a takeover does.
   */
  private async takenOver(conversationId: string): Promise<boolean> {
    const c = await this.o.history.getConversation(conversationId).catch(() => null);
    // A store that cannot answer does not silence the bot; a takeover it missed is caught by the signal.
    return c !== null && (c.mode === 'agent' || c.mode === 'closed');
  }

  private withdraw(sink: AnswerSink, conversationId: string, messageId: string, log: Logger): null {
    log.info('answer withdrawn: an agent took the conversation over');
    sink.cancel({ conversationId, messageId });
    return null;
  }

  private async persist(
    m: NewMessage & { id: string },
    log: Logger,
  ): Promise<{ message: Message; conversation?: Conversation }> {
    try {
      return await this.o.history.appendMessage(m);
    } catch (err) {
      // The visitor still gets the answer they watched stream in; the loss is logged.
      log.error({ err }, 'bot answer could not be stored');
      const message: Message = {
        id: m.id,
        conversationId: m.conversationId,
        role: m.role,
        text: m.text,
        sources: m.sources,
        answered: m.answered,
        latency: m.latency,
        createdAt: new Date().toISOString(),
      };
      return { message };
    }
  }
}

/** The id of the answer to a question: derived from it, so every node that writes it agrees. */
export function answerIdFor(questionId: string): string {
  const h = createHash('sha256').update(`answer:${questionId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function since(t0: number): number {
  return Math.round((performance.now() - t0) * 100) / 100;
}

function numbered(hits: SearchHit[]): GenerationSource[] {
  return hits.map((h, i) => ({
    n: i + 1,
    title: h.chunk.title,
    heading: headingOf(h.chunk),
    path: h.chunk.path,
    url: h.chunk.url,
    text: h.chunk.text,
    score: h.score,
    order: h.chunk.order,
    ...(h.chunk.lang ? { lang: h.chunk.lang } : {}),
  }));
}

/**
 * The sources of the stored answer: those it cites, in the order its citations number them
 * (see CitationNumbers), or all of them when it cites none.
 */
function citedSources(sources: GenerationSource[], cited: number[]): Source[] {
  const chosen = cited.length ? cited.map((n) => sources.find((s) => s.n === n)!) : sources;
  return chosen.map((s) => {
    const src: Source = { path: s.path, title: s.title, score: s.score };
    if (s.heading) src.heading = s.heading;
    if (s.url) src.url = s.url;
    return src;
  });
}

function turnsOf(messages: Message[]): Turn[] {
  return (
    messages
      // Internal notes are for agents: never in a prompt, whose answer a visitor reads.
      .filter((m) => m.role !== 'system' && m.role !== 'note' && m.text.trim())
      .map((m) => ({ role: m.role === 'visitor' ? 'user' : 'assistant', text: m.text }) as Turn)
  );
}

/** The visitor left before their question's turn came: no LLM call for an answer nobody reads now. */
class VisitorGone extends Error {
  constructor() {
    super('the visitor has gone');
  }
}

function fallbackReason(err: unknown): FallbackReason {
  if (err instanceof VisitorGone) return 'visitor_gone';
  if (err instanceof SpendRefused) return err.reason;
  if (err instanceof GenerationTimeout) return err.kind;
  if (err instanceof LlmRateLimited) return 'rate_limited';
  return 'error';
}

function isUpstreamFailure(r: 'ok' | FallbackReason): r is UpstreamFailure {
  return r === 'error' || r === 'rate_limited' || r === 'stall' || r === 'deadline';
}
