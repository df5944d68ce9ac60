import type { Conversation, ConversationMode, HandoffState, Message } from '../protocol/dto';

/** One answer's stream, as seen by a single caller (an SSE response). */
export interface AnswerSink {
  start(p: { conversationId: string; messageId: string }): void;
  delta(p: { conversationId: string; messageId: string; delta: string; offset: number }): void;
  end(message: Message): void;
  /** The answer was withdrawn before it finished (an agent took the conversation over). */
  cancel(p: { conversationId: string; messageId: string }): void;
}

/**
 * Where the chat service announces what happened; the realtime layer implements it with
 * Socket.IO rooms (and, with Redis, across nodes). The service never knows about sockets.
 */
export interface ChatEvents extends AnswerSink {
  /** `originId` is the socket that sent the message, which already has it from its ack. */
  messageNew(message: Message, originId?: string): void;
  /** A stored message changed (the visitor rated an answer): agents watching see it. */
  messageUpdated(message: Message): void;
  mode(conversationId: string, mode: ConversationMode): void;
  conversationUpdated(conversation: Conversation): void;
  /** Someone other than the sender is typing (a visitor to agents, an agent to the visitor). */
  typing(conversationId: string, role: 'visitor' | 'agent', on: boolean, originId?: string): void;
  /** A visitor asked for a person: every signed-in agent is alerted. */
  handoffRequested(conversation: Conversation): void;
  /** The visitor's hand-off moved on: their tabs are told. */
  handoff(state: HandoffState): void;
  /** A visitor left an email and a message because nobody could join. */
  offlineMessage(conversation: Conversation): void;
  /** A visitor's data was erased: agents drop their conversations, the visitor's connections close. */
  visitorErased(visitorId: string): void;
  /** Tells every other node to stop answering in this conversation now (takeover). */
  silence(conversationId: string): void;
}

/** Sends each answer event to the shared events and, when given, to one caller's sink too. */
export function tee(events: ChatEvents, sink?: AnswerSink): AnswerSink {
  if (!sink) return events;
  return {
    start: (p) => {
      events.start(p);
      sink.start(p);
    },
    delta: (p) => {
      events.delta(p);
      sink.delta(p);
    },
    end: (m) => {
      events.end(m);
      sink.end(m);
    },
    cancel: (p) => {
      events.cancel(p);
      sink.cancel(p);
    },
  };
}
