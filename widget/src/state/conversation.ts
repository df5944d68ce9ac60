import type { ConversationMode, HandoffState, Message } from '../../../src/protocol/dto';
import type { SessionPayload } from '../../../src/protocol/visitor-events';

/** A bot answer being streamed. `gap` means deltas were missed (a reconnect mid-answer). */
export interface Stream {
  messageId: string;
  text: string;
  gap: boolean;
}

/** What the server has told this tab about the conversation. Immutable: every change is a new object. */
export interface ConversationState {
  visitorId?: string;
  conversationId?: string;
  mode: ConversationMode;
  /** Stored messages in the order the server gave them. */
  messages: Message[];
  /** Answers in flight, oldest first. */
  streams: Stream[];
  /** An agent is typing. */
  agentTyping: boolean;
  /** Where the visitor's request for a person stands, if they made one. */
  handoff?: HandoffState;
}

export const emptyConversation: ConversationState = { mode: 'bot', messages: [], streams: [], agentTyping: false };

/**
 * The whole conversation on (re)connect. Streams whose answer is now stored are dropped (it
 * finished while we were away); others are kept, since the answer is still being written.
 */
export function applySession(s: ConversationState, p: SessionPayload): ConversationState {
  const sameConversation = s.conversationId === p.conversationId;
  const stored = new Set(p.messages.map((m) => m.id));
  return {
    visitorId: p.visitorId,
    conversationId: p.conversationId,
    mode: p.mode,
    messages: p.messages,
    streams: sameConversation ? s.streams.filter((st) => !stored.has(st.messageId)) : [],
    agentTyping: false,
  };
}

export function applyAnswerStart(s: ConversationState, messageId: string): ConversationState {
  if (s.streams.some((st) => st.messageId === messageId) || s.messages.some((m) => m.id === messageId)) return s;
  return { ...s, streams: [...s.streams, { messageId, text: '', gap: false }] };
}

/**
 * Appends a delta at its offset. A delta we already have (replayed after a reconnect) is
 * skipped, an overlapping one adds only its new tail, and one past the end marks a gap: the
 * text so far stays and `answer:end` brings the rest.
 */
export function applyAnswerDelta(
  s: ConversationState,
  p: { messageId: string; delta: string; offset?: number },
): ConversationState {
  if (s.messages.some((m) => m.id === p.messageId)) return s;
  let streams = s.streams;
  let st = streams.find((x) => x.messageId === p.messageId);
  if (!st) {
    // We joined mid-answer and missed answer:start.
    st = { messageId: p.messageId, text: '', gap: (p.offset ?? 0) > 0 };
    streams = [...streams, st];
  }
  if (st.gap) return streams === s.streams ? s : { ...s, streams };
  const offset = p.offset ?? st.text.length;
  let next: Stream;
  if (offset === st.text.length) next = { ...st, text: st.text + p.delta };
  else if (offset < st.text.length) {
    const tail = p.delta.slice(st.text.length - offset);
    if (!tail) return streams === s.streams ? s : { ...s, streams };
    next = { ...st, text: st.text + tail };
  } else next = { ...st, gap: true };
  return { ...s, streams: streams.map((x) => (x.messageId === p.messageId ? next : x)) };
}

/** The stored answer replaces whatever was streamed (its text is authoritative). */
export function applyAnswerEnd(s: ConversationState, message: Message): ConversationState {
  const streams = s.streams.filter((st) => st.messageId !== message.id);
  return { ...s, streams, messages: upsert(s.messages, message) };
}

/** A withdrawn answer (an agent took over mid-answer) disappears. */
export function applyAnswerCancel(s: ConversationState, messageId: string): ConversationState {
  return s.streams.some((st) => st.messageId === messageId)
    ? { ...s, streams: s.streams.filter((st) => st.messageId !== messageId) }
    : s;
}

/** An agent or system message, our own message from another tab, or an updated one (a rating). */
export function applyMessage(s: ConversationState, message: Message): ConversationState {
  if (message.conversationId !== s.conversationId) return s;
  const agentTyping = message.role === 'agent' ? false : s.agentTyping;
  return { ...s, agentTyping, messages: upsert(s.messages, message) };
}

export function applyMode(s: ConversationState, mode: ConversationMode): ConversationState {
  return s.mode === mode ? s : { ...s, mode, agentTyping: mode === 'agent' ? s.agentTyping : false };
}

/**
 * Replaces a message in place, or inserts it in server time order: an ack and the answer events
 * after it can be handled in either order, and the question must still come first.
 */
function upsert(messages: Message[], message: Message): Message[] {
  const i = messages.findIndex((m) => m.id === message.id);
  if (i < 0) {
    let at = messages.length;
    while (at > 0 && messages[at - 1].createdAt > message.createdAt) at--;
    return [...messages.slice(0, at), message, ...messages.slice(at)];
  }
  const copy = messages.slice();
  copy[i] = message;
  return copy;
}

/** The hand-off moved on (this tab asked, or the server told every tab). */
export function applyHandoff(s: ConversationState, h: HandoffState): ConversationState {
  if (h.conversationId !== s.conversationId) return s;
  return { ...s, handoff: h };
}
