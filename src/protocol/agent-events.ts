import type { Ack, Conversation, ConversationMode, Message, VisitorHistory } from './dto';
import type { VisitorServerEvents } from './visitor-events';

/** Handshake `auth` of namespace `/agent`: the token from `POST /api/v1/auth/login`. */
export interface AgentAuth {
  token: string;
  /** The console was set away (it remembers): it starts away. */
  away?: boolean;
}

/** Agents with a console open, by whether it is set away. */
export interface AgentPresenceList {
  online: string[];
  away: string[];
}

/** A conversation opened in the console: its transcript and the visitor's history. */
export type Transcript = { conversation: Conversation; messages: Message[]; visitor: VisitorHistory };

/**
 * Events the server sends on `/agent`: the live list to everyone, and for each watched
 * conversation the same answer, message, mode and typing events a visitor gets.
 */
export interface AgentServerEvents extends Omit<VisitorServerEvents, 'session'> {
  'conversation:updated': (p: { conversation: Conversation }) => void;
  /** A message changed after it was sent (the visitor rated a bot answer). */
  'message:updated': (p: { message: Message }) => void;
  /** An agent went away or came back: consoles refresh the team's presence. */
  'presence:changed': (p: { agentId: string; away: boolean }) => void;
  /** A visitor left an email and a message because nobody could join. */
  'offline:message': (p: { conversation: Conversation }) => void;
  /** An admin erased a visitor's data: their conversations are gone. */
  'visitor:erased': (p: { visitorId: string }) => void;
  /** A visitor pressed "Talk to a person". */
  'handoff:requested': (p: { conversation: Conversation }) => void;
}

/** Events the console sends on `/agent`; every one is acknowledged in the one ack shape. */
export interface AgentClientEvents {
  /** Follow a conversation live; answers with its transcript and marks it read. */
  'conversation:watch': (p: { conversationId: string }, ack: (r: Ack<Transcript>) => void) => void;
  'conversation:unwatch': (p: { conversationId: string }, ack: (r: Ack<object>) => void) => void;
  /** Marks the visitor's messages read (the conversation is open on the agent's screen). */
  'conversation:read': (p: { conversationId: string }, ack: (r: Ack<{ conversation: Conversation }>) => void) => void;
  'conversation:takeover': (
    p: { conversationId: string },
    ack: (r: Ack<{ conversation: Conversation }>) => void,
  ) => void;
  'conversation:release': (
    p: { conversationId: string },
    ack: (r: Ack<{ conversation: Conversation }>) => void,
  ) => void;
  'conversation:close': (p: { conversationId: string }, ack: (r: Ack<{ conversation: Conversation }>) => void) => void;
  'agent:reply': (
    p: { conversationId: string; clientMessageId: string; text: string },
    ack: (r: Ack<{ message: Message }>) => void,
  ) => void;
  'agent:typing': (p: { conversationId: string; on: boolean }, ack?: (r: Ack<object>) => void) => void;
  /** An internal note: only agents see it. */
  'agent:note': (
    p: { conversationId: string; clientMessageId: string; text: string },
    ack: (r: Ack<{ message: Message }>) => void,
  ) => void;
  'conversation:tags': (
    p: { conversationId: string; tags: string[] },
    ack: (r: Ack<{ conversation: Conversation }>) => void,
  ) => void;
  /** Hands the conversation to a teammate. */
  'conversation:assign': (
    p: { conversationId: string; agentId: string },
    ack: (r: Ack<{ conversation: Conversation }>) => void,
  ) => void;
  /** This console is away (not offered hand-offs) or back; answers with the team's presence. */
  'agent:status': (p: { away: boolean }, ack: (r: Ack<AgentPresenceList>) => void) => void;
  /** The team's presence now. */
  'presence:list': (p: Record<string, never>, ack: (r: Ack<AgentPresenceList>) => void) => void;
}

export type { ConversationMode };
