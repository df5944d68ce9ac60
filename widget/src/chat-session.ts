import type { ConversationMode, IdentityClaim, Rating } from '../../src/protocol/dto';
import type { ConversationState } from './state/conversation';
import type { PageContext } from './page-context';
import type { Pending } from './state/outbox';

export type ConnectionStatus = 'connecting' | 'online' | 'offline';

/**
 * What the widget's view reads and does: the chat client itself (ChatClient, where it runs) or
 * its stand-in in the host page (FrameChatClient), which drives a ChatClient inside an iframe
 * on the Answerdesk origin, so that the visitor's credential never enters the host page.
 */
export interface ChatSession {
  readonly conversation: ConversationState;
  readonly status: ConnectionStatus;
  readonly outbox: { all(): readonly Pending[] };
  /** Answers and agent messages that arrived while the panel was closed. */
  readonly unread: number;
  /** Counts `session` events: a view can tell history replayed on connect from news. */
  readonly sessions: number;
  subscribe(fn: () => void): () => void;
  send(text: string): void;
  dismiss(clientMessageId: string): void;
  rate(messageId: string, rating: Rating): Promise<void>;
  requestHuman(): Promise<ConversationMode | undefined>;
  leaveMessage(email: string, message: string): Promise<string | undefined>;
  /** Rates the conversation 1-5; resolves with the error's text, if any. */
  rateConversation(score: number, comment: string): Promise<string | undefined>;
  /** Emails the visitor a copy; resolves with the error's text, if any. */
  emailTranscript(email: string): Promise<string | undefined>;
  /** Sends a photo or file; resolves with the error code when it was not sent. */
  sendFile(file: Blob, name: string): Promise<string | undefined>;
  /** A file of the conversation, or its thumbnail. */
  readFile(id: string, thumbnail: boolean): Promise<Blob | undefined>;
  setTyping(on: boolean): void;
  startNewConversation(): void;
  setPanelOpen(open: boolean): void;
  identify(identity: IdentityClaim): void;
  logout(): void;
  destroy(): void;
}

/** What the iframe tells the host page: the whole state after every change. */
export interface SessionSnapshot {
  conversation: ConversationState;
  status: ConnectionStatus;
  outbox: readonly Pending[];
  unread: number;
  sessions: number;
}

/** The calls the host page may make of the client in the iframe, and nothing else. */
export const FRAME_CALLS = [
  'send',
  'dismiss',
  'rate',
  'requestHuman',
  'leaveMessage',
  'rateConversation',
  'emailTranscript',
  'sendFile',
  'readFile',
  'setTyping',
  'startNewConversation',
  'setPanelOpen',
  'identify',
  'logout',
] as const;
export type FrameCall = (typeof FRAME_CALLS)[number];

/** The keys the chat client keeps, by storage kind: what a host page keeps for a frame that may not. */
export const STORED_KEYS = { local: ['token', 'conversationId', 'identity'], session: ['outbox', 'unread'] } as const;
export type StoredValues = { local: Record<string, string>; session: Record<string, string> };

/** Messages between the host page and the iframe, tagged so other postMessage traffic is ignored. */
export type FrameMessage =
  /** The host page greets the frame, with the page's context for agents. */
  | { answerdesk: 'hello'; context?: PageContext }
  /** The frame's browser refuses it storage (third-party storage blocked): the host page keeps it. */
  | { answerdesk: 'need-storage' }
  | { answerdesk: 'storage'; values: StoredValues }
  | { answerdesk: 'save'; kind: 'local' | 'session'; key: string; value: string | null }
  | { answerdesk: 'state'; state: SessionSnapshot }
  | { answerdesk: 'call'; id: number; method: FrameCall; args: unknown[] }
  | { answerdesk: 'result'; id: number; value: unknown };
