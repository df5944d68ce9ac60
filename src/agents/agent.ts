/** Agents, their sessions and what they changed: the shapes the console's API returns. */

export type AgentRole = 'admin' | 'agent';

export interface Agent {
  id: string;
  /** Lower-case; unique. */
  email: string;
  name: string;
  role: AgentRole;
  createdAt: string;
}

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

/** One change to the knowledge folder, for the audit trail. */
export interface KnowledgeChange {
  at: string;
  agentId: string;
  agentName: string;
  action: 'create' | 'update' | 'delete' | 'rename';
  path: string;
  /** For a rename: the old path. */
  from?: string;
  /** The file's version after the change (absent after a delete). */
  version?: string;
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
} as const satisfies Record<string, readonly AgentRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(agent: Pick<Agent, 'role'>, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly AgentRole[]).includes(agent.role);
}

export function publicAgent(a: Agent): Agent {
  return { id: a.id, email: a.email, name: a.name, role: a.role, createdAt: a.createdAt };
}
