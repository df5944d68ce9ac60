import type { Conversation, ConversationMode, Latency, Message, Rating, Role, Source, VisitorIdentity } from '../protocol/dto';

/** A message before the store gives it an id and a time. */
export interface NewMessage {
  conversationId: string;
  role: Role;
  text: string;
  sources?: Source[];
  answered?: boolean;
  latency?: Latency;
  /** The client's id for the message; a second append with the same one returns the first. */
  clientMessageId?: string;
  /** Preset id (the bot's message id is announced in `answer:start` before it is stored). */
  id?: string;
}

export interface AppendResult {
  message: Message;
  /** False when `clientMessageId` matched a stored message, which is returned instead. */
  created: boolean;
  conversation: Conversation;
}

export interface ConversationPatch {
  mode?: ConversationMode;
  /** `null` clears the owner. */
  ownerAgentId?: string | null;
  identity?: VisitorIdentity;
  /** Only `0` (an agent read the conversation). */
  unread?: 0;
}

/** One bot answer's outcome, for latency and answered-rate statistics. */
export interface AnswerSample {
  createdAt: string;
  answered: boolean;
  latency: Latency;
}

export interface ListConversationsOptions {
  limit: number;
  mode?: ConversationMode;
}

/**
 * Where conversations and their messages live. Every implementation passes
 * test/contracts/history-store.contract.ts. Messages come back oldest first.
 */
export interface HistoryStore {
  createConversation(input: { visitorId: string; identity?: VisitorIdentity }): Promise<Conversation>;
  getConversation(id: string): Promise<Conversation | null>;
  /** The visitor's most recently created conversation, if any. */
  latestConversation(visitorId: string): Promise<Conversation | null>;
  /** Throws AppError `conversation_not_found` for an unknown id. */
  updateConversation(id: string, patch: ConversationPatch): Promise<Conversation>;
  /**
   * Stores a message and updates its conversation (last activity, preview, unread for visitor
   * messages). Idempotent on `clientMessageId` within a conversation: `created` is false and
   * the first message is returned. Also returns the conversation as it is after the append, so
   * callers need no second read. Throws `conversation_not_found` for an unknown conversation.
   */
  appendMessage(input: NewMessage): Promise<AppendResult>;
  /** The last `limit` messages (all when omitted), oldest first. */
  listMessages(conversationId: string, opts?: { limit?: number }): Promise<Message[]>;
  getMessage(id: string): Promise<Message | null>;
  /** Sets the visitor's rating of a message; null when the message does not exist. */
  setRating(messageId: string, rating: Rating): Promise<Message | null>;
  /** Conversations with at least one message, latest activity first. */
  listConversations(opts: ListConversationsOptions): Promise<Conversation[]>;
  /** Bot answers created at or after `since` (ISO 8601). */
  answerSamples(since: string): Promise<AnswerSample[]>;
  /** Rejects when the backend cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Preview shown in conversation lists: the first line of the text, trimmed. */
export function previewOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}
