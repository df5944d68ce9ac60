import type { Agent, CannedReply, KnowledgeChange } from '../protocol/http-api';
import type { AgentCredentials, AgentSession } from './agent';

/**
 * Where agent accounts, sessions and the knowledge audit trail live: SQLite beside the history
 * by default, Redis with several nodes. Every implementation passes
 * test/contracts/agent-store.contract.ts.
 */
export interface AgentStore {
  /** Throws AppError `email_taken` when the (case-insensitive) email exists. */
  createAgent(input: Omit<AgentCredentials, 'id' | 'createdAt'>): Promise<Agent>;
  agentByEmail(email: string): Promise<AgentCredentials | null>;
  getAgent(id: string): Promise<Agent | null>;
  /** Oldest first. */
  listAgents(): Promise<Agent[]>;
  /** Removes the agent and all their sessions; false when there was no such agent. */
  deleteAgent(id: string): Promise<boolean>;
  /** Replaces the agent's password hash and ends all their sessions; false when there is no such agent. */
  setPassword(id: string, passwordHash: string): Promise<boolean>;
  /** The display name visitors see on the agent's messages; false for an unknown id. */
  renameAgent(id: string, name: string): Promise<boolean>;
  createSession(session: AgentSession): Promise<void>;
  /** The session, or null when unknown or expired. */
  getSession(tokenHash: string): Promise<AgentSession | null>;
  deleteSession(tokenHash: string): Promise<void>;
  /** A team setting changed in the console (business hours), as JSON; null when never set. */
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** By shortcut. */
  listCannedReplies(): Promise<CannedReply[]>;
  /** Creates (new id) or replaces (same id) a canned reply; throws AppError `shortcut_taken` for another's shortcut. */
  saveCannedReply(reply: CannedReply): Promise<CannedReply>;
  /** False when there was no such reply. */
  deleteCannedReply(id: string): Promise<boolean>;
  recordChange(change: KnowledgeChange): Promise<void>;
  /** Newest first; only changes touching `path` (as path or rename source) when given. */
  listChanges(opts: { path?: string; limit: number }): Promise<KnowledgeChange[]>;
  close(): Promise<void>;
}
