import type { Message } from '../../../src/protocol/dto';
import type { ConversationState, Stream } from './conversation';
import type { Pending } from './outbox';

/** One row of the message list, in display order. */
export type TimelineItem =
  | { kind: 'message'; key: string; message: Message }
  | { kind: 'pending'; key: string; pending: Pending }
  | { kind: 'stream'; key: string; stream: Stream };

/**
 * Stored messages, then answers being streamed, then what the visitor wrote that is not yet
 * acknowledged. A pending message the server already stored (its ack was lost in a reconnect)
 * is shown once, as the stored one.
 */
export function timeline(conv: ConversationState, pending: readonly Pending[]): TimelineItem[] {
  const storedClientIds = new Set(conv.messages.map((m) => m.clientMessageId).filter(Boolean));
  return [
    ...conv.messages.map((m): TimelineItem => ({ kind: 'message', key: m.id, message: m })),
    ...conv.streams.map((s): TimelineItem => ({ kind: 'stream', key: s.messageId, stream: s })),
    ...pending
      .filter((p) => !storedClientIds.has(p.clientMessageId))
      .map((p): TimelineItem => ({ kind: 'pending', key: `pending:${p.clientMessageId}`, pending: p })),
  ];
}

/**
 * The bot is thinking: the visitor's last message has no answer yet and the bot is the one
 * answering. Shown from the moment the question is sent until the first delta.
 */
export function awaitingAnswer(conv: ConversationState, pending: readonly Pending[], now = Date.now()): boolean {
  if (conv.mode !== 'bot' || conv.streams.some((s) => s.text !== '' || s.gap)) return false;
  if (conv.streams.length) return true;
  if (pending.some((p) => p.status === 'queued')) return true;
  const last = conv.messages[conv.messages.length - 1];
  // Bounded, so an answer lost with a crashed server does not leave the dots forever.
  return last?.role === 'visitor' && now - Date.parse(last.createdAt) < THINKING_LIMIT_MS;
}

const THINKING_LIMIT_MS = 60_000;
