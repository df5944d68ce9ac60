import { randomUUID } from 'node:crypto';
import type {
  Attachment,
  Conversation,
  ConversationMode,
  Latency,
  Message,
  MessageAuthor,
  Rating,
  Role,
  ConversationFeedback,
  OfflineContact,
  Source,
  VisitorContext,
  VisitorIdentity,
} from '../protocol/dto';

export interface NewConversation {
  visitorId: string;
  identity?: VisitorIdentity;
  context?: VisitorContext;
}

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
  /** Bot answers: the visitor message answered. */
  replyTo?: string;
  /** Agent messages: who wrote it. */
  author?: MessageAuthor;
  attachments?: Attachment[];
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
  /** `null` clears it (an agent joined, or the wait ended). */
  waitingSince?: string | null;
  /** `null` clears it (the offline message was dealt with). */
  contact?: OfflineContact | null;
  context?: VisitorContext;
  tags?: string[];
  feedback?: ConversationFeedback;
}

/** One bot answer's outcome, for latency and answered-rate statistics. */
export interface AnswerSample {
  messageId: string;
  conversationId: string;
  createdAt: string;
  answered: boolean;
  latency: Latency;
}

export interface ListConversationsOptions {
  limit: number;
  mode?: ConversationMode;
  /** Only conversations whose messages (or visitor name / email) contain this text, case-insensitively. */
  q?: string;
  /** Last activity at or after / before (ISO 8601). */
  from?: string;
  to?: string;
  /** Only conversations where the bot could not answer at least once. */
  unanswered?: boolean;
  /** Only conversations with an offline message (a contact) not yet closed. */
  offline?: boolean;
  /** Only conversations carrying this tag. */
  tag?: string;
}

/** A bot answer that did not help: it declined, or the visitor gave it a thumbs down. */
export interface GapEntry {
  answer: Message;
  /** The visitor message it answered, when known. */
  question?: Message;
  reason: 'unanswered' | 'rated_down';
}

/**
 * Where conversations and their messages live. Every implementation passes
 * test/contracts/history-store.contract.ts. Messages come back oldest first.
 */
export interface HistoryStore {
  createConversation(input: NewConversation): Promise<Conversation>;
  /** The visitor's conversations, newest first (their earlier conversations, beside a transcript). */
  visitorConversations(visitorId: string, limit: number): Promise<Conversation[]>;
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
  /**
   * Compare-and-set on the owner, for takeovers that must not race across nodes: applies
   * `patch` only when the conversation's current owner is one of `owners` (`null` = nobody).
   * Throws `conversation_not_found` for an unknown id.
   */
  updateConversationIfOwner(
    id: string,
    owners: (string | null)[],
    patch: ConversationPatch,
  ): Promise<{ conversation: Conversation; applied: boolean }>;
  /** Conversations with at least one message, latest activity first, filtered. */
  listConversations(opts: ListConversationsOptions): Promise<Conversation[]>;
  /** Bot answers created at or after `since` (ISO 8601). */
  answerSamples(since: string): Promise<AnswerSample[]>;
  /** Answers created at or after `since` that declined or were rated down, newest first. */
  listGaps(since: string, limit: number): Promise<GapEntry[]>;
  /**
   * Claims the writing of the answer to a question for `ttlMs`: false while another holder has
   * it. With several nodes on one store only one answers a question at a time; a node that dies
   * holding a claim loses it when the claim expires, and the question is answered elsewhere.
   */
  claimAnswer(questionId: string, ttlMs: number): Promise<boolean>;
  /** Extends a claim this store holds by `ttlMs` from now; false when it is not (or no longer) this store's. */
  renewAnswer(questionId: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back (the answer is stored, or was abandoned). */
  releaseAnswer(questionId: string): Promise<void>;
  /**
   * Retention: deletes the conversations whose last activity is before `cutoff` (ISO 8601), with
   * every message, rating and statistic of theirs; a conversation active since keeps all of its
   * messages. Returns how many conversations were deleted.
   */
  deleteConversationsBefore(cutoff: string): Promise<number>;
  /** Erasure on request: deletes every conversation of one visitor, as above. Returns how many. */
  deleteVisitorData(visitorId: string): Promise<number>;
  /** Rejects when the backend cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The message a store keeps for `input`: its own id unless one was preset, and only the fields given. */
export function messageOf(input: NewMessage, createdAt: string): Message {
  const message: Message = {
    id: input.id ?? randomUUID(),
    conversationId: input.conversationId,
    role: input.role,
    text: input.text,
    createdAt,
  };
  if (input.sources) message.sources = input.sources;
  if (input.answered !== undefined) message.answered = input.answered;
  if (input.latency) message.latency = input.latency;
  if (input.clientMessageId) message.clientMessageId = input.clientMessageId;
  if (input.replyTo) message.replyTo = input.replyTo;
  if (input.author) message.author = input.author;
  if (input.attachments?.length) message.attachments = input.attachments;
  return message;
}

/** Preview shown in conversation lists: the text on one line, trimmed; for a file alone, its name. */
export function previewOf(message: Pick<Message, 'text' | 'attachments'>): string {
  const files = (message.attachments ?? []).map((a) => `📎 ${a.name}`).join(' ');
  const line = (message.text.trim() ? message.text : files).replace(/\s+/g, ' ').trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

/** A conversation as it is with `patch` applied (the stores that keep whole objects use it). */
export function patched(c: Conversation, patch: ConversationPatch): Conversation {
  const out = { ...c };
  if (patch.mode) out.mode = patch.mode;
  if (patch.ownerAgentId === null) delete out.ownerAgentId;
  else if (patch.ownerAgentId !== undefined) out.ownerAgentId = patch.ownerAgentId;
  if (patch.identity) out.identity = patch.identity;
  if (patch.unread === 0) out.unread = 0;
  if (patch.waitingSince === null) delete out.waitingSince;
  else if (patch.waitingSince !== undefined) out.waitingSince = patch.waitingSince;
  if (patch.contact === null) delete out.contact;
  else if (patch.contact !== undefined) out.contact = patch.contact;
  if (patch.context) out.context = patch.context;
  if (patch.feedback) out.feedback = patch.feedback;
  if (patch.tags?.length) out.tags = patch.tags;
  else if (patch.tags) delete out.tags;
  return out;
}

/** Whether a conversation passes a list's filters other than text and dates. */
export function matchesFilters(c: Conversation, opts: ListConversationsOptions): boolean {
  if (opts.mode && c.mode !== opts.mode) return false;
  if (opts.unanswered && c.unanswered === 0) return false;
  if (opts.offline && (!c.contact || c.mode === 'closed')) return false;
  if (opts.tag && !c.tags?.includes(opts.tag)) return false;
  return true;
}

/**
 * A conversation's optional fields, from a store that keeps them as JSON text (SQLite columns,
 * Redis hash fields); absent or empty values leave the field out.
 */
export function withStoredFields(
  c: Conversation,
  raw: {
    [K in 'ownerAgentId' | 'waitingSince' | 'identity' | 'contact' | 'context' | 'feedback' | 'tags']?: string | null;
  },
): Conversation {
  if (raw.ownerAgentId) c.ownerAgentId = raw.ownerAgentId;
  if (raw.waitingSince) c.waitingSince = raw.waitingSince;
  if (raw.identity) c.identity = JSON.parse(raw.identity);
  if (raw.contact) c.contact = JSON.parse(raw.contact);
  if (raw.context) c.context = JSON.parse(raw.context);
  if (raw.feedback) c.feedback = JSON.parse(raw.feedback);
  const tags = raw.tags ? (JSON.parse(raw.tags) as string[]) : [];
  if (tags.length > 0) c.tags = tags;
  return c;
}
