import { randomUUID } from 'node:crypto';
import { LocalClaims } from './local-claims';
import { AppError } from '../errors';
import type { Conversation, Message, Rating } from '../protocol/dto';
import {
  messageOf,
  previewOf,
  type AnswerSample,
  type AppendResult,
  type ConversationPatch,
  type GapEntry,
  type HistoryStore,
  type ListConversationsOptions,
  type NewConversation,
  type NewMessage,
  matchesFilters,
  patched,
} from './history-store';
import { matchesQuery } from './query-text';

/** In-process store for tests and benchmarks that must not touch a disk. Not durable. */
export class MemoryHistoryStore implements HistoryStore {
  private readonly conversations = new Map<string, Conversation>();
  private readonly messages = new Map<string, Message[]>();
  private readonly byId = new Map<string, Message>();
  private readonly byClientId = new Map<string, Message>();

  async createConversation(input: NewConversation): Promise<Conversation> {
    const now = new Date().toISOString();
    const conv: Conversation = {
      id: randomUUID(),
      visitorId: input.visitorId,
      mode: 'bot',
      createdAt: now,
      lastMessageAt: now,
      unread: 0,
      preview: '',
      unanswered: 0,
    };
    if (input.identity) conv.identity = input.identity;
    if (input.context) conv.context = input.context;
    this.conversations.set(conv.id, conv);
    this.messages.set(conv.id, []);
    return { ...conv };
  }

  async visitorConversations(visitorId: string, limit: number): Promise<Conversation[]> {
    return [...this.conversations.values()]
      .filter((c) => c.visitorId === visitorId)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit)
      .map((c) => ({ ...c }));
  }

  async getConversation(id: string): Promise<Conversation | null> {
    const c = this.conversations.get(id);
    return c ? { ...c } : null;
  }

  async latestConversation(visitorId: string): Promise<Conversation | null> {
    let best: Conversation | null = null;
    for (const c of this.conversations.values())
      if (c.visitorId === visitorId && (!best || c.createdAt >= best.createdAt)) best = c;
    return best ? { ...best } : null;
  }

  async updateConversation(id: string, patch: ConversationPatch): Promise<Conversation> {
    const c = this.conversations.get(id);
    if (!c) throw new AppError('conversation_not_found');
    const next = patched(c, patch);
    this.conversations.set(id, next);
    return { ...next };
  }

  async appendMessage(input: NewMessage): Promise<AppendResult> {
    const c = this.conversations.get(input.conversationId);
    if (!c) throw new AppError('conversation_not_found');
    const key = input.clientMessageId ? `${input.conversationId}:${input.clientMessageId}` : undefined;
    const existing = key ? this.byClientId.get(key) : undefined;
    if (existing) return { message: structuredClone(existing), created: false, conversation: { ...c } };
    const message = messageOf(input, new Date().toISOString());
    this.messages.get(c.id)!.push(message);
    this.byId.set(message.id, message);
    if (key) this.byClientId.set(key, message);
    c.lastMessageAt = message.createdAt;
    c.preview = previewOf(message);
    if (message.role === 'visitor') c.unread++;
    if (message.role === 'bot' && message.answered === false) c.unanswered++;
    return { message: structuredClone(message), created: true, conversation: { ...c } };
  }

  async listMessages(conversationId: string, opts: { limit?: number } = {}): Promise<Message[]> {
    const all = this.messages.get(conversationId) ?? [];
    return structuredClone(opts.limit ? all.slice(-opts.limit) : all);
  }

  async getMessage(id: string): Promise<Message | null> {
    const m = this.byId.get(id);
    return m ? structuredClone(m) : null;
  }

  async setRating(messageId: string, rating: Rating): Promise<Message | null> {
    const m = this.byId.get(messageId);
    if (!m) return null;
    m.rating = rating;
    return structuredClone(m);
  }

  async updateConversationIfOwner(
    id: string,
    owners: (string | null)[],
    patch: ConversationPatch,
  ): Promise<{ conversation: Conversation; applied: boolean }> {
    const c = this.conversations.get(id);
    if (!c) throw new AppError('conversation_not_found');
    if (!owners.includes(c.ownerAgentId ?? null)) return { conversation: { ...c }, applied: false };
    return { conversation: await this.updateConversation(id, patch), applied: true };
  }

  async listConversations(opts: ListConversationsOptions): Promise<Conversation[]> {
    return [...this.conversations.values()]
      .filter((c) => {
        const messages = this.messages.get(c.id) ?? [];
        if (messages.length === 0 || !matchesFilters(c, opts)) return false;
        if ((opts.from && c.lastMessageAt < opts.from) || (opts.to && c.lastMessageAt > opts.to)) return false;
        return !opts.q || matchesQuery(opts.q, [c.identity?.name, c.identity?.email, ...messages.map((m) => m.text)]);
      })
      .sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt))
      .slice(0, opts.limit)
      .map((c) => ({ ...c }));
  }

  async listGaps(since: string, limit: number): Promise<GapEntry[]> {
    const out: GapEntry[] = [];
    for (const m of [...this.byId.values()].reverse()) {
      if (m.role !== 'bot' || m.createdAt < since || (m.answered !== false && m.rating !== 'down')) continue;
      const question = m.replyTo ? this.byId.get(m.replyTo) : undefined;
      out.push({
        answer: structuredClone(m),
        question: question && structuredClone(question),
        reason: m.answered === false ? 'unanswered' : 'rated_down',
      });
      if (out.length === limit) break;
    }
    return out;
  }

  async answerSamples(since: string): Promise<AnswerSample[]> {
    const out: AnswerSample[] = [];
    for (const m of this.byId.values()) {
      if (m.role === 'bot' && m.latency && m.createdAt >= since) {
        out.push({
          messageId: m.id,
          conversationId: m.conversationId,
          createdAt: m.createdAt,
          answered: m.answered !== false,
          latency: m.latency,
        });
      }
    }
    return out;
  }

  async deleteConversationsBefore(cutoff: string): Promise<number> {
    return this.deleteWhere((c) => c.lastMessageAt < cutoff);
  }

  async deleteVisitorData(visitorId: string): Promise<number> {
    return this.deleteWhere((c) => c.visitorId === visitorId);
  }

  private deleteWhere(doomed: (c: Conversation) => boolean): number {
    let n = 0;
    for (const c of [...this.conversations.values()]) {
      if (!doomed(c)) continue;
      for (const m of this.messages.get(c.id) ?? []) {
        this.byId.delete(m.id);
        if (m.clientMessageId) this.byClientId.delete(`${c.id}:${m.clientMessageId}`);
      }
      this.messages.delete(c.id);
      this.conversations.delete(c.id);
      n++;
    }
    return n;
  }

  private readonly claims = new LocalClaims();

  async claimAnswer(questionId: string, ttlMs: number): Promise<boolean> {
    return this.claims.claim(questionId, ttlMs);
  }

  async renewAnswer(questionId: string, ttlMs: number): Promise<boolean> {
    return this.claims.renew(questionId, ttlMs);
  }

  async releaseAnswer(questionId: string): Promise<void> {
    this.claims.release(questionId);
  }

  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}
