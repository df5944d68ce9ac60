/**
 * Protocol v1 data shapes, shared by the server, the widget and the console.
 * Type-only: importing this file adds nothing to a browser bundle.
 */
import type { ATTACHMENT_TYPES } from './formats';

/** `note`: an agent's internal note, which only agents ever see. */
export type Role = 'visitor' | 'bot' | 'agent' | 'system' | 'note';
export type ConversationMode = 'bot' | 'waiting' | 'agent' | 'closed';
export type Rating = 'up' | 'down';

/** A passage the answer drew on. `path` is relative to the knowledge folder. */
export interface Source {
  path: string;
  title: string;
  heading?: string;
  url?: string;
  /** Retrieval confidence in [0, 1]. */
  score: number;
}

/** Server-side timings of one bot answer, in ms from receipt of the visitor's message. */
export interface Latency {
  retrievalMs: number;
  firstTokenMs: number;
  totalMs: number;
}

export interface Message {
  id: string;
  conversationId: string;
  role: Role;
  text: string;
  /** ISO 8601. */
  createdAt: string;
  sources?: Source[];
  /** False when the bot found nothing good enough and said so. Bot messages only. */
  answered?: boolean;
  latency?: Latency;
  /** The visitor's thumbs on a bot message. */
  rating?: Rating;
  /** The sender's own id for the message (visitor and agent messages), so a client can match its pending copy. */
  clientMessageId?: string;
  /** Bot answers: the id of the visitor message answered. */
  replyTo?: string;
  /** Agent messages: who wrote it. */
  author?: MessageAuthor;
  /** Files sent with the message (visitor and agent messages); the text may then be empty. */
  attachments?: Attachment[];
}

/**
 * A file in a conversation, as messages carry it. Its bytes are at `GET /api/v1/files/{id}`
 * (and `/thumbnail` for images), for the conversation's visitor and for agents only.
 */
export interface Attachment {
  id: string;
  /** The sender's file name, cleaned: shown, never used as a path. */
  name: string;
  /** The type its content was found to be (never the name's or the sender's say-so). */
  type: AttachmentType;
  /** Bytes as stored (an image after its metadata was removed). */
  size: number;
  /** Images: pixels. */
  width?: number;
  height?: number;
}

export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export interface MessageAuthor {
  id: string;
  name: string;
}

/** Who a visitor is, as agents see it. */
export interface VisitorIdentity {
  name?: string;
  email?: string;
  /** The site's own id for the user, when the site gave one. */
  userId?: string;
  /** True when the site's backend signed it (see IdentityClaim); false when only the visitor says so. */
  verified?: boolean;
}

/**
 * What the embedding page says of its visitor. Signed by the site's backend with
 * WIDGET_IDENTITY_SECRET, either as `userHash` (hex HMAC-SHA256 of `userId`) or as an HS256
 * `jwt` whose `sub` is the user id (and which may carry `name`, `email` and `exp`).
 */
export interface IdentityClaim {
  name?: string;
  email?: string;
  userId?: string;
  userHash?: string;
  jwt?: string;
}

export interface Conversation {
  id: string;
  visitorId: string;
  mode: ConversationMode;
  ownerAgentId?: string;
  /** ISO 8601; the creation time until the first message. */
  lastMessageAt: string;
  createdAt: string;
  /** Messages from the visitor not yet read by an agent. */
  unread: number;
  /** Start of the last message, for lists. */
  preview: string;
  /** Bot answers in this conversation that said the knowledge base does not cover the question. */
  unanswered: number;
  identity?: VisitorIdentity;
  /** Since when the visitor has been waiting for a person (ISO 8601); absent when nobody is awaited. */
  waitingSince?: string;
  /** The email a visitor left for a reply when nobody was available: an offline message. */
  contact?: OfflineContact;
  /** Where and how the visitor is chatting, as their widget reported it. */
  context?: VisitorContext;
  /** Agents' labels, lower-case. */
  tags?: string[];
  /** The visitor's rating of the conversation. */
  feedback?: ConversationFeedback;
}

export interface ConversationFeedback {
  /** 1 (bad) to 5 (great). */
  score: number;
  comment?: string;
  at: string;
}

export interface OfflineContact {
  email: string;
  /** What they asked for, if they wrote it with their email. */
  message?: string;
  /** When they left it (ISO 8601). */
  at: string;
}

/** What the widget reports of the visitor's page and browser (never trusted for access). */
export interface VisitorContext {
  pageUrl?: string;
  pageTitle?: string;
  referrer?: string;
  /** Browser and operating system, read from the User-Agent header. */
  browser?: string;
  os?: string;
  locale?: string;
  timeZone?: string;
}

/** Beside a transcript, for agents: when the visitor was first seen, and their other conversations. */
export interface VisitorHistory {
  firstSeen: string;
  /** Their other conversations, newest first (up to ten). */
  earlier: Conversation[];
}

/**
 * Where a visitor's request for a person stands: `waiting` (someone will join; the bot answers
 * meanwhile), `offline` (nobody can now: leave an email), `joined` (an agent is here),
 * `message_left` (their email and message are with the team).
 */
export interface HandoffState {
  conversationId: string;
  status: 'waiting' | 'offline' | 'joined' | 'message_left';
  /** Waiting: the recent median wait, in minutes, when known. */
  expectedWaitMinutes?: number;
  /** Waiting: the visitor's place among those waiting (1 is next). */
  position?: number;
  /** Offline: when the team is next in (ISO 8601), when outside business hours. */
  nextOpening?: string;
  /** Joined: the agent's display name. */
  agentName?: string;
}

/** The one error shape of acks, HTTP bodies (`{ error }`) and SSE `error` events. */
export interface ProtocolError {
  code: string;
  message: string;
  retryAfterMs?: number;
  field?: string;
}

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: ProtocolError };
