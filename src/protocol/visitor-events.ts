import type { Ack, ConversationMode, HandoffState, IdentityClaim, Message, Rating, Role, VisitorContext } from './dto';

/** Handshake `auth` of namespace `/visitor`. */
export interface VisitorAuth {
  /** The token of an earlier `session`; without one (or with a signed identity) the server decides who this is. */
  token?: string;
  conversationId?: string;
  identity?: IdentityClaim;
  /** The page the widget is on, for agents (browser and OS come from the User-Agent header). */
  context?: Omit<VisitorContext, 'browser' | 'os'>;
}

export interface SessionPayload {
  /** The visitor's credential: send it as `token` on the next handshake. Each session renews it. */
  token: string;
  /** When `token` expires (ms since the epoch). */
  tokenExpiresAt: number;
  visitorId: string;
  conversationId: string;
  mode: ConversationMode;
  messages: Message[];
}

/** Events the server sends on `/visitor` (and, for answers, on `/agent`). */
export interface VisitorServerEvents {
  session: (p: SessionPayload) => void;
  'answer:start': (p: { messageId: string; conversationId: string }) => void;
  /**
   * `offset` is where `delta` starts in the answer's streamed text: a client that reconnected
   * mid-answer and missed deltas sees the gap and waits for `answer:end` instead of showing
   * garbled text.
   */
  'answer:delta': (p: { messageId: string; conversationId: string; delta: string; offset: number }) => void;
  /** `message.text` is authoritative: clients replace whatever was streamed with it. */
  'answer:end': (p: { message: Message }) => void;
  /** The answer was withdrawn unfinished (an agent took over): drop what was streamed. */
  'answer:cancel': (p: { conversationId: string; messageId: string }) => void;
  'message:new': (p: { message: Message }) => void;
  mode: (p: { conversationId: string; mode: ConversationMode }) => void;
  /** The visitor's request for a person moved on (an agent joined, nobody came in time…). */
  handoff: (p: HandoffState) => void;
  typing: (p: { conversationId: string; role: Role; on: boolean }) => void;
  /** Sent for a bad event that carried no ack callback (unknown event, malformed payload). */
  'protocol:error': (p: { event: string; error: { code: string; message: string } }) => void;
}

/** Events a visitor client sends on `/visitor`. */
export interface VisitorClientEvents {
  'message:send': (p: { clientMessageId: string; text: string }, ack: (r: Ack<{ message: Message }>) => void) => void;
  'handoff:request': (
    p: Record<string, never>,
    ack?: (r: Ack<{ mode: ConversationMode; handoff: HandoffState }>) => void,
  ) => void;
  /** The visitor rates the conversation, 1 to 5, with an optional comment. */
  'conversation:feedback': (
    p: { score: number; comment?: string },
    ack?: (r: Ack<{ conversationId: string }>) => void,
  ) => void;
  /** A copy of the conversation to this email address. */
  'transcript:email': (p: { email: string }, ack?: (r: Ack<object>) => void) => void;
  /** Nobody could join: the visitor leaves an email (and a message) for a reply. */
  'handoff:message': (
    p: { email: string; message?: string },
    ack?: (r: Ack<{ handoff: HandoffState }>) => void,
  ) => void;
  'feedback:send': (p: { messageId: string; rating: Rating }, ack?: (r: Ack<{ message: Message }>) => void) => void;
  typing: (p: { on: boolean }) => void;
}
