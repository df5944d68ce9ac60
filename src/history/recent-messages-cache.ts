import type { Message, Rating } from '../protocol/dto';
import type { AppendResult, HistoryStore, NewMessage } from './history-store';

export interface RecentMessagesCacheOptions {
  /** Messages kept per conversation: reads of at most this many are served from memory. @default 20 */
  perConversation?: number;
  /** Conversations kept, least recently used dropped first. @default 10000 */
  conversations?: number;
}

/**
 * Keeps each active conversation's last messages in memory in front of a store that this
 * process alone writes (SQLite on one node; never Redis, where other nodes append too). Every
 * answer reads the conversation's recent turns for the prompt; under load that read was about
 * 0.5 ms of SQLite per answer (bench/latency.ts profile), and it is now a slice of an array.
 * Messages change only by being appended or rated, and both pass through here.
 */
export class RecentMessagesCache implements HistoryStore {
  private readonly tails = new Map<string, Message[]>();
  /** Appends so far, anywhere: a read that raced an append is not remembered (it may be stale). */
  private appends = 0;
  private readonly perConversation: number;
  private readonly conversations: number;

  constructor(
    private readonly inner: HistoryStore,
    opts: RecentMessagesCacheOptions = {},
  ) {
    this.perConversation = opts.perConversation ?? 20;
    this.conversations = opts.conversations ?? 10_000;
  }

  async appendMessage(input: NewMessage): Promise<AppendResult> {
    const result = await this.inner.appendMessage(input);
    if (result.created) {
      this.appends++;
      const tail = this.tails.get(input.conversationId);
      if (tail) {
        tail.push(result.message);
        if (tail.length > this.perConversation) tail.shift();
      }
    }
    return result;
  }

  async listMessages(conversationId: string, opts: { limit?: number } = {}): Promise<Message[]> {
    const { limit } = opts;
    if (limit === undefined || limit <= 0 || limit > this.perConversation) return this.inner.listMessages(conversationId, opts);
    let tail = this.tails.get(conversationId);
    if (tail) {
      // Map order is the eviction order: a read moves the conversation to the back.
      this.tails.delete(conversationId);
      this.tails.set(conversationId, tail);
    } else {
      const before = this.appends;
      tail = await this.inner.listMessages(conversationId, { limit: this.perConversation });
      if (this.appends === before) this.remember(conversationId, tail);
    }
    return tail.slice(-limit).map((m) => ({ ...m }));
  }

  async setRating(messageId: string, rating: Rating): Promise<Message | null> {
    const rated = await this.inner.setRating(messageId, rating);
    const tail = rated && this.tails.get(rated.conversationId);
    if (tail) {
      const i = tail.findIndex((m) => m.id === rated.id);
      if (i >= 0) tail[i] = rated;
    }
    return rated;
  }

  private remember(conversationId: string, tail: Message[]): void {
    this.tails.set(conversationId, [...tail]);
    if (this.tails.size > this.conversations) {
      this.tails.delete(this.tails.keys().next().value as string);
    }
  }

  /** A new conversation has no messages: its first answer's history read needs no query. */
  async createConversation(input: Parameters<HistoryStore['createConversation']>[0]): ReturnType<HistoryStore['createConversation']> {
    const conversation = await this.inner.createConversation(input);
    this.remember(conversation.id, []);
    return conversation;
  }

  // Everything else goes straight to the store.
  getConversation = (id: string) => this.inner.getConversation(id);
  latestConversation = (visitorId: string) => this.inner.latestConversation(visitorId);
  updateConversation = (...args: Parameters<HistoryStore['updateConversation']>) => this.inner.updateConversation(...args);
  getMessage = (id: string) => this.inner.getMessage(id);
  updateConversationIfOwner = (...args: Parameters<HistoryStore['updateConversationIfOwner']>) => this.inner.updateConversationIfOwner(...args);
  listConversations = (...args: Parameters<HistoryStore['listConversations']>) => this.inner.listConversations(...args);
  answerSamples = (since: string) => this.inner.answerSamples(since);
  listGaps = (since: string, limit: number) => this.inner.listGaps(since, limit);
  ping = () => this.inner.ping();
  close = () => this.inner.close();
}
