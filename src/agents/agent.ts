/** Agents as the server keeps them: credentials, sessions and what each role may do. */
import type { Agent, AgentRole } from '../protocol/http-api';

/** An agent with the password hash, never sent to a client. */
export interface AgentCredentials extends Agent {
  passwordHash: string;
}

/** A signed-in session. The token itself is never stored, only its SHA-256. */
export interface AgentSession {
  tokenHash: string;
  agentId: string;
  expiresAt: string;
}

/**
 * What each role may do. Agents run conversations and write knowledge; removing or renaming
 * files and managing accounts is for admins, since those break links and access.
 */
export const PERMISSIONS = {
  'conversations:read': ['admin', 'agent'],
  'conversations:act': ['admin', 'agent'],
  /** Take a conversation away from the agent who owns it. */
  'conversations:override': ['admin'],
  'knowledge:read': ['admin', 'agent'],
  'knowledge:write': ['admin', 'agent'],
  'knowledge:delete': ['admin'],
  'stats:read': ['admin', 'agent'],
  'agents:read': ['admin', 'agent'],
  'agents:manage': ['admin'],
  /** The team's settings (business hours). */
  'settings:manage': ['admin'],
  /** Erase a visitor's conversations on request (it cannot be undone). */
  'visitors:erase': ['admin'],
} as const satisfies Record<string, readonly AgentRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(agent: Pick<Agent, 'role'>, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly AgentRole[]).includes(agent.role);
}

export function publicAgent(a: Agent): Agent {
  return { id: a.id, email: a.email, name: a.name, role: a.role, createdAt: a.createdAt };
}
