import { AppError, toAppError } from '../errors';
import type { HistoryStore } from '../history/history-store';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import type {
  Attachment,
  Conversation,
  ConversationMode,
  Message,
  Rating,
  VisitorContext,
  VisitorIdentity,
} from '../protocol/dto';
import { contextChanged } from '../visitors/visitor-context';
import type { AnswerEngine } from './answer-engine';
import { tee, type AnswerSink, type ChatEvents } from './chat-events';
import { validateMessageText } from './message-text';
import type { Limit, RateLimits } from '../limits/rate-limits';
import { owedAnswers } from './owed-answers';
import { SerialQueue } from './serial-queue';

/** Waits before trying again what a store fault interrupted. */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15_000, 30_000];

export interface ChatServiceOptions {
  history: HistoryStore;
  engine: AnswerEngine;
  events: ChatEvents;
  limiter: RateLimits;
  metrics: Metrics;
  logger: Logger;
  /**
   * Per rate-limit window: messages from one visitor and from one client address, and
   * conversations started from one address; the longest message.
   */
  limits: { visitor: number; ip: number; newConversations: number; windowMs: number; maxMessageChars: number };
  /**
   * How long a question's claim lasts unless its holder renews it (it does, every third of
   * this, while it writes the answer): how soon another node may answer a question whose node
   * died. @default 15000
   */
  claimTtlMs?: number;
}

export interface Session {
  visitorId: string;
  conversation: Conversation;
  messages: Message[];
}

export interface VisitorMessageInput {
  visitorId: string;
  conversationId: string;
  text: string;
  clientMessageId?: string;
  /** `performance.now()` at receipt: latency is measured from here. */
  receivedAt: number;
  /** The client's IP address, rate-limited besides the visitor. */
  ip?: string;
  /** The socket that sent it, which gets the message in its ack rather than as an event. */
  originId?: string;
  /** Whether the visitor is still there to read the answer (see AnswerRequest). */
  stillThere?: () => boolean;
}

export interface Accepted {
  message: Message;
  /** False when this was a resend of a stored message. */
  created: boolean;
  /** The bot's answer; resolves to null when the bot stays silent (agent, waiting, duplicate). */
  answer: Promise<Message | null>;
}

/**
 * The visitor side of a conversation, shared by the socket and HTTP transports: sessions,
 * messages (stored first, then answered in order), hand-off requests and ratings.
 */
export class ChatService {
  private readonly queue = new SerialQueue();
  /** Visitor messages whose answer is queued or streaming on this node. */
  private readonly answering = new Set<string>();
  /** Aborts the answer being written on this node, per conversation (answers run one at a time). */
  private readonly inflight = new Map<string, AbortController>();
  /** Set by abandon(): queued answers are left for recovery. */
  private closing = false;
  /** Conversations whose recovery is scheduled after a store fault. */
  private readonly retrying = new Set<string>();

  constructor(private readonly o: ChatServiceOptions) {}

  /**
   * Resumes the visitor's conversation (the one named, if it is theirs; else their latest open
   * one) or starts one. `visitorId` is one the server vouches for (see VisitorAuth).
   */
  async openSession(input: {
    visitorId: string;
    conversationId?: string;
    identity?: VisitorIdentity;
    /** Where the visitor is chatting from, as their widget and browser say. */
    context?: VisitorContext;
    /** The client's address: conversations started from one are limited. */
    ip?: string;
  }): Promise<Session> {
    const { visitorId } = input;
    let conversation: Conversation | null = null;
    if (input.conversationId) {
      const named = await this.o.history.getConversation(input.conversationId);
      if (named && named.visitorId === visitorId) conversation = named;
    }
    if (!conversation) {
      const latest = await this.o.history.latestConversation(visitorId);
      if (latest && latest.mode !== 'closed') conversation = latest;
    }
    if (!conversation) {
      if (input.ip)
        await this.o.limiter.take([
          {
            key: `new-conversation:${input.ip}`,
            capacity: this.o.limits.newConversations,
            windowMs: this.o.limits.windowMs,
          },
        ]);
      conversation = await this.o.history.createConversation({
        visitorId,
        identity: input.identity,
        context: input.context,
      });
    } else if (
      input.identity &&
      // What a visitor says of themself never replaces what the site signed.
      (input.identity.verified || !conversation.identity?.verified) &&
      JSON.stringify(input.identity) !== JSON.stringify(conversation.identity ?? {})
    ) {
      conversation = await this.o.history.updateConversation(conversation.id, { identity: input.identity });
    }
    // The page they are on now (a later page of the same visit, or a return).
    if (input.context && contextChanged(conversation.context, input.context))
      conversation = await this.o.history.updateConversation(conversation.id, { context: input.context });
    // Agents' internal notes never reach the visitor.
    const messages = (await this.o.history.listMessages(conversation.id)).filter((m) => m.role !== 'note');
    return { visitorId, conversation, messages };
  }

  /** Throws `rate_limited` if a message from this visitor and address would be refused now (takes nothing). */
  admit(visitorId: string, ip?: string): Promise<void> {
    return this.o.limiter.check(this.messageLimits(visitorId, ip));
  }

  /**
   * Validates, rate-limits and stores the visitor's message, then queues the answer. The answer
   * starts on a later tick, so the caller can acknowledge the message before any answer event.
   */
  async sendVisitorMessage(input: VisitorMessageInput, sink?: AnswerSink): Promise<Accepted> {
    const text = validateMessageText(input.text, this.o.limits.maxMessageChars);
    await this.o.limiter.take(this.messageLimits(input.visitorId, input.ip));
    let conversation = await this.ownConversation(input.visitorId, input.conversationId);
    const appended = await this.o.history.appendMessage({
      conversationId: conversation.id,
      role: 'visitor',
      text,
      clientMessageId: input.clientMessageId,
    });
    const { message, created } = appended;
    if (created) {
      this.o.metrics.message('visitor');
      this.o.events.messageNew(message, input.originId);
      conversation =
        conversation.mode === 'closed' ? await this.setMode(conversation.id, 'bot') : appended.conversation;
      this.o.events.conversationUpdated(conversation);
    }
    // A resend of any question that never got its answer (the node died mid-answer) is answered now.
    const needsAnswer =
      created ||
      (!this.answering.has(message.id) &&
        owedAnswers(await this.o.history.listMessages(conversation.id)).some((m) => m.id === message.id));
    const answer = needsAnswer ? this.scheduleAnswer(conversation, message, input, sink) : Promise.resolve(null);
    return { message, created, answer };
  }

  /**
   * Files from the visitor (already kept, see Attachments), stored as their message, once per
   * clientMessageId. The bot cannot read them, so no answer is queued: agents see them live,
   * and the widget tells the visitor a person can look at them.
   */
  async sendVisitorFiles(input: {
    visitorId: string;
    conversationId: string;
    clientMessageId: string;
    attachments: Attachment[];
    originId?: string;
  }): Promise<{ message: Message; created: boolean }> {
    let conversation = await this.ownConversation(input.visitorId, input.conversationId);
    const {
      message,
      created,
      conversation: after,
    } = await this.o.history.appendMessage({
      conversationId: conversation.id,
      role: 'visitor',
      text: '',
      attachments: input.attachments,
      clientMessageId: input.clientMessageId,
    });
    if (created) {
      this.o.metrics.message('visitor');
      this.o.events.messageNew(message, input.originId);
      conversation = conversation.mode === 'closed' ? await this.setMode(conversation.id, 'bot') : after;
      this.o.events.conversationUpdated(conversation);
    }
    return { message, created };
  }

  /** Throws `conversation_not_found` unless the conversation is this visitor's. */
  async assertOwner(visitorId: string, conversationId: string): Promise<void> {
    await this.ownConversation(visitorId, conversationId);
  }

  /**
   * Answers, in order, the questions of a conversation that were stored but never answered: a
   * node died mid-answer, or stopped before their turn came. Called when the visitor connects
   * and, for recent conversations, when a node starts; each question is answered once, however
   * many nodes try (see scheduleAnswer).
   */
  async recover(conversationId: string, stillThere?: () => boolean): Promise<number> {
    const conversation = await this.o.history.getConversation(conversationId);
    if (!conversation || !botAnswers(conversation)) return 0;
    const owed = owedAnswers(await this.o.history.listMessages(conversationId)).filter(
      (m) => !this.answering.has(m.id),
    );
    for (const question of owed)
      void this.scheduleAnswer(conversation, question, { receivedAt: performance.now(), stillThere });
    return owed.length;
  }

  /** {@link recover} for every conversation active since `sinceMs` ago that the bot is answering. */
  async recoverRecent(sinceMs: number, stillThere: (conversationId: string) => boolean): Promise<number> {
    const from = new Date(Date.now() - sinceMs).toISOString();
    const recent = (await this.o.history.listConversations({ from, limit: 1000 })).filter(botAnswers);
    let n = 0;
    for (const c of recent) n += await this.recover(c.id, () => stillThere(c.id));
    if (n > 0) this.o.logger.info({ questions: n }, 'answering questions left unanswered by a stop or a crash');
    return n;
  }

  /**
   * Gives a claim back; when the store cannot take it now (it is down), tries again, so the
   * question is not held for the claim's whole lifetime by an answer that failed.
   */
  private release(questionId: string, attempt = 0): void {
    this.o.history.releaseAnswer(questionId).catch(() => {
      if (attempt < RETRY_DELAYS_MS.length)
        setTimeout(() => this.release(questionId, attempt + 1), RETRY_DELAYS_MS[attempt]).unref();
    });
  }

  /** Stops taking turns: answers not yet started are left for recovery, those running are stopped unstored. */
  abandon(): void {
    this.closing = true;
    for (const c of this.inflight.values()) c.abort();
  }

  /** The visitor is typing: the agents watching see it. */
  visitorTyping(conversationId: string, on: boolean, originId?: string): void {
    this.o.events.typing(conversationId, 'visitor', on, originId);
  }

  /**
   * Stops the bot in a conversation at once, on every node: the answer streaming here is
   * withdrawn and other nodes are told to do the same. Answers still queued see the new mode
   * when their turn comes.
   */
  silence(conversationId: string): void {
    this.silenceLocal(conversationId);
    this.o.events.silence(conversationId);
  }

  /** The part of {@link silence} for this node; other nodes' calls arrive here through the cluster. */
  silenceLocal(conversationId: string): void {
    this.inflight.get(conversationId)?.abort();
  }

  async rate(visitorId: string, conversationId: string, messageId: string, rating: Rating): Promise<Message> {
    await this.ownConversation(visitorId, conversationId);
    const message = await this.o.history.getMessage(messageId);
    if (!message || message.conversationId !== conversationId || message.role !== 'bot')
      throw new AppError('message_not_found');
    const rated = (await this.o.history.setRating(messageId, rating))!;
    this.o.events.messageUpdated(rated);
    return rated;
  }

  /** Resolves when every queued answer has finished, or after `ms`. */
  async drain(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.queue.idle(), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  private scheduleAnswer(
    { id: conversationId, visitorId }: Conversation,
    question: Message,
    { receivedAt, stillThere }: Pick<VisitorMessageInput, 'receivedAt' | 'stillThere'>,
    sink?: AnswerSink,
  ): Promise<Message | null> {
    this.answering.add(question.id);
    const answer = this.queue.run(conversationId, async () => {
      // setImmediate: the transport's ack for the question always precedes answer:start.
      await new Promise((r) => setImmediate(r));
      // Registered before the mode check, so a takeover between the two still silences it.
      if (this.closing) return null;
      const controller = new AbortController();
      this.inflight.set(conversationId, controller);
      // One writer per question across nodes; the claim outlives any answer, and lapses if we die.
      const ttl = this.o.claimTtlMs ?? 15_000;
      const claimed = await this.o.history.claimAnswer(question.id, ttl).catch((err) => {
        // The claim may still be taken when the store comes back: give it back then.
        this.release(question.id);
        throw err;
      });
      let renewing: NodeJS.Timeout | undefined;
      try {
        if (!claimed) {
          // Another node is writing it, or held it when it died: look again once its claim would lapse.
          this.recoverAfter(conversationId, ttl + 1000, stillThere);
          return null;
        }
        renewing = setInterval(() => void this.o.history.renewAnswer(question.id, ttl).catch(() => undefined), ttl / 3);
        const [conversation, messages] = await Promise.all([
          this.o.history.getConversation(conversationId),
          this.o.history.listMessages(conversationId),
        ]);
        if (!conversation || !botAnswers(conversation) || controller.signal.aborted) return null;
        // Answered meanwhile (by another node, before a reconnect asked again).
        if (!owedAnswers(messages).some((m) => m.id === question.id)) return null;
        const stored = await this.o.engine.answer(
          { conversationId, visitorId, question, receivedAt, stillThere, locale: conversation.context?.locale },
          tee(this.o.events, sink),
          controller.signal,
        );
        if (stored?.conversation) this.o.events.conversationUpdated(stored.conversation);
        return stored?.message ?? null;
      } finally {
        clearInterval(renewing);
        this.inflight.delete(conversationId);
        if (claimed) this.release(question.id);
      }
    });
    answer
      .catch((err) => {
        const e = toAppError(err);
        if (!e.retryable) return this.o.logger.error({ err, conversationId }, 'answer failed');
        // The store was unreachable: the question is still owed, and answered once it is back.
        this.o.logger.warn({ conversationId, code: e.code }, 'answer failed for now; trying again shortly');
        this.retryLater(conversationId, stillThere);
      })
      .finally(() => this.answering.delete(question.id));
    return answer;
  }

  /** Recovery of one conversation once, after `ms` (unless one is already due). */
  private recoverAfter(conversationId: string, ms: number, stillThere?: () => boolean): void {
    if (this.closing || this.retrying.has(conversationId)) return;
    this.retrying.add(conversationId);
    setTimeout(() => {
      this.retrying.delete(conversationId);
      if (!this.closing)
        this.recover(conversationId, stillThere).catch(() => this.retryLater(conversationId, stillThere));
    }, ms).unref();
  }

  /** Recovery of one conversation again after a store fault, backing off, a few times. */
  private retryLater(conversationId: string, stillThere?: () => boolean, attempt = 0): void {
    if (this.closing || attempt >= RETRY_DELAYS_MS.length || this.retrying.has(conversationId)) return;
    this.retrying.add(conversationId);
    setTimeout(() => {
      this.retrying.delete(conversationId);
      if (this.closing) return;
      this.recover(conversationId, stillThere).catch(() => this.retryLater(conversationId, stillThere, attempt + 1));
    }, RETRY_DELAYS_MS[attempt]).unref();
  }

  private async setMode(conversationId: string, mode: ConversationMode): Promise<Conversation> {
    const c = await this.o.history.updateConversation(conversationId, { mode });
    this.o.events.mode(conversationId, mode);
    return c;
  }

  /** The conversation, if it belongs to the visitor; someone else's reads as not found. */
  private async ownConversation(visitorId: string, conversationId: string): Promise<Conversation> {
    const c = await this.o.history.getConversation(conversationId);
    if (!c || c.visitorId !== visitorId) throw new AppError('conversation_not_found');
    return c;
  }

  private messageLimits(visitorId: string, ip?: string): Limit[] {
    const { windowMs } = this.o.limits;
    const limits = [{ key: `v:${visitorId}`, capacity: this.o.limits.visitor, windowMs }];
    if (ip) limits.push({ key: `ip:${ip}`, capacity: this.o.limits.ip, windowMs });
    return limits;
  }
}

/** The bot answers until a person joins: in its own mode, and while the visitor waits for one. */
function botAnswers(c: Conversation): boolean {
  return c.mode === 'bot' || c.mode === 'waiting';
}
