import type { Namespace, Server, Socket } from 'socket.io';
import type { AgentClientEvents, AgentServerEvents } from '../protocol/agent-events';
import type { SessionPayload, VisitorClientEvents, VisitorServerEvents } from '../protocol/visitor-events';

/** Events between the nodes of a cluster (through the Redis adapter), never seen by clients. */
export interface InterServerEvents {
  /** Stop answering in this conversation now: an agent took it over on another node. */
  'answerdesk:silence': (conversationId: string) => void;
}

/** What a visitor's socket carries from its handshake. */
export interface VisitorSocketData {
  visitorId: string;
  conversationId: string;
  /** When the token issued at the handshake expires (ms since the epoch). */
  expiresAt: number;
  /** The client's address (through trusted proxies), which rate limits key on. */
  ip: string;
  /** Dropped once sent: an idle socket should not hold the transcript. */
  session?: SessionPayload;
}

/** What an agent's socket carries from its handshake; the token is checked again on every event. */
export interface AgentSocketData {
  agentId: string;
  token: string;
  /** Set away in this console: not counted as available for hand-offs. */
  away?: boolean;
}

/** The server itself: its namespaces have event maps of their own (below). */
export type AppServer = Server<Record<string, never>, Record<string, never>, InterServerEvents>;
export type VisitorNamespace = Namespace<
  VisitorClientEvents,
  VisitorServerEvents,
  InterServerEvents,
  VisitorSocketData
>;
export type VisitorSocket = Socket<VisitorClientEvents, VisitorServerEvents, InterServerEvents, VisitorSocketData>;
export type AgentNamespace = Namespace<AgentClientEvents, AgentServerEvents, InterServerEvents, AgentSocketData>;
export type AgentSocket = Socket<AgentClientEvents, AgentServerEvents, InterServerEvents, AgentSocketData>;

// Socket.IO types every namespace with its server's event maps; ours differ per namespace, so
// each is typed here once, with its own.
export const visitorNamespace = (io: AppServer) => io.of('/visitor') as unknown as VisitorNamespace;
export const agentNamespace = (io: AppServer) => io.of('/agent') as unknown as AgentNamespace;
