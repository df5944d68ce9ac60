import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { Agent, CannedReply, KnowledgeChange } from '../protocol/http-api';
import { publicAgent, type AgentCredentials, type AgentSession } from './agent';
import type { AgentStore } from './agent-store';

/** In-process agent store for tests. Not durable. */
export class MemoryAgentStore implements AgentStore {
  private readonly agents = new Map<string, AgentCredentials>();
  private readonly sessions = new Map<string, AgentSession>();
  private readonly changes: KnowledgeChange[] = [];

  async createAgent(input: Omit<AgentCredentials, 'id' | 'createdAt'>): Promise<Agent> {
    const email = input.email.toLowerCase();
    if ([...this.agents.values()].some((a) => a.email === email)) throw new AppError('email_taken');
    const agent: AgentCredentials = { ...input, email, id: randomUUID(), createdAt: new Date().toISOString() };
    this.agents.set(agent.id, agent);
    return publicAgent(agent);
  }

  async agentByEmail(email: string): Promise<AgentCredentials | null> {
    const a = [...this.agents.values()].find((x) => x.email === email.toLowerCase());
    return a ? { ...a } : null;
  }

  async getAgent(id: string): Promise<Agent | null> {
    const a = this.agents.get(id);
    return a ? publicAgent(a) : null;
  }

  async listAgents(): Promise<Agent[]> {
    return [...this.agents.values()].map(publicAgent);
  }

  async deleteAgent(id: string): Promise<boolean> {
    for (const [hash, s] of this.sessions) if (s.agentId === id) this.sessions.delete(hash);
    return this.agents.delete(id);
  }

  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    const a = this.agents.get(id);
    if (!a) return false;
    this.agents.set(id, { ...a, passwordHash });
    for (const [hash, s] of this.sessions) if (s.agentId === id) this.sessions.delete(hash);
    return true;
  }

  private readonly settings = new Map<string, string>();

  async getSetting(key: string): Promise<string | null> {
    return this.settings.get(key) ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.settings.set(key, value);
  }

  private readonly canned = new Map<string, CannedReply>();

  async listCannedReplies(): Promise<CannedReply[]> {
    return [...this.canned.values()].sort((a, b) => a.shortcut.localeCompare(b.shortcut)).map((r) => ({ ...r }));
  }

  async saveCannedReply(reply: CannedReply): Promise<CannedReply> {
    for (const r of this.canned.values())
      if (r.shortcut === reply.shortcut && r.id !== reply.id) throw new AppError('shortcut_taken');
    this.canned.set(reply.id, { ...reply });
    return { ...reply };
  }

  async deleteCannedReply(id: string): Promise<boolean> {
    return this.canned.delete(id);
  }

  async renameAgent(id: string, name: string): Promise<boolean> {
    const a = this.agents.get(id);
    if (!a) return false;
    this.agents.set(id, { ...a, name });
    return true;
  }

  async createSession(session: AgentSession): Promise<void> {
    this.sessions.set(session.tokenHash, { ...session });
  }

  async getSession(tokenHash: string): Promise<AgentSession | null> {
    const s = this.sessions.get(tokenHash);
    if (!s) return null;
    if (Date.parse(s.expiresAt) <= Date.now()) {
      this.sessions.delete(tokenHash);
      return null;
    }
    return { ...s };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.sessions.delete(tokenHash);
  }

  async recordChange(change: KnowledgeChange): Promise<void> {
    this.changes.push({ ...change });
  }

  async listChanges(opts: { path?: string; limit: number }): Promise<KnowledgeChange[]> {
    return this.changes
      .filter((c) => !opts.path || c.path === opts.path || c.from === opts.path)
      .reverse()
      .slice(0, opts.limit)
      .map((c) => ({ ...c }));
  }

  async close(): Promise<void> {}
}
