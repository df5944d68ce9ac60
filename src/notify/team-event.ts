import type { Conversation } from '../protocol/dto';

/** What the team is told outside the console (webhook, email). */
export interface TeamEvent {
  event: 'handoff.requested' | 'offline.message' | 'llm.failing';
  /** ISO 8601. */
  at: string;
  /** One line for people (and Slack's incoming webhooks). */
  text: string;
  conversation?: Conversation;
  /** The conversation in the console, when PUBLIC_URL is set. */
  url?: string;
  /** llm.failing: the failures in a row and the last error. */
  failures?: number;
  lastError?: string;
}
