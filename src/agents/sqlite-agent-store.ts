import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { Agent, CannedReply, KnowledgeChange } from '../protocol/http-api';
import type { AgentCredentials, AgentSession } from './agent';
import type { AgentStore } from './agent-store';
import { openSqlite } from '../history/open-sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS agents (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS agent_sessions (
  token_hash TEXT PRIMARY KEY,
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS knowledge_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  agent_name TEXT NOT NULL,
  action TEXT NOT NULL,
  path TEXT NOT NULL,
  from_path TEXT,
  version TEXT
);
CREATE INDEX IF NOT EXISTS knowledge_changes_path ON knowledge_changes (path);
CREATE TABLE IF NOT EXISTS settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS canned_replies (
  id TEXT PRIMARY KEY,
  shortcut TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
`;

interface AgentRow {
  id: string;
  email: string;
  name: string;
  role: Agent['role'];
  password_hash: string;
  created_at: string;
}

interface ChangeRow {
  at: string;
  agent_id: string;
  agent_name: string;
  action: KnowledgeChange['action'];
  path: string;
  from_path: string | null;
  version: string | null;
}

/** Agents in the same SQLite file as the history (its own connection, set up by openSqlite, and its own tables). */
export class SqliteAgentStore implements AgentStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = openSqlite(file);
    this.db.exec(SCHEMA);
  }

  async createAgent(input: Omit<AgentCredentials, 'id' | 'createdAt'>): Promise<Agent> {
    const row: AgentRow = {
      id: randomUUID(),
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      password_hash: input.passwordHash,
      created_at: new Date().toISOString(),
    };
    try {
      this.db.prepare(`INSERT INTO agents VALUES (@id, @email, @name, @role, @password_hash, @created_at)`).run(row);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('email_taken');
      throw err;
    }
    return toAgent(row);
  }

  async agentByEmail(email: string): Promise<AgentCredentials | null> {
    const row = this.db.prepare<[string], AgentRow>(`SELECT * FROM agents WHERE email = ?`).get(email.toLowerCase());
    return row ? { ...toAgent(row), passwordHash: row.password_hash } : null;
  }

  async getAgent(id: string): Promise<Agent | null> {
    const row = this.db.prepare<[string], AgentRow>(`SELECT * FROM agents WHERE id = ?`).get(id);
    return row ? toAgent(row) : null;
  }

  async listAgents(): Promise<Agent[]> {
    return this.db.prepare<[], AgentRow>(`SELECT * FROM agents ORDER BY created_at, rowid`).all().map(toAgent);
  }

  async deleteAgent(id: string): Promise<boolean> {
    return this.db.prepare(`DELETE FROM agents WHERE id = ?`).run(id).changes > 0;
  }

  async getSetting(key: string): Promise<string | null> {
    return (
      this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key)?.value ?? null
    );
  }

  async setSetting(key: string, value: string): Promise<void> {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }

  async listCannedReplies(): Promise<CannedReply[]> {
    return this.db
      .prepare<[], { id: string; shortcut: string; text: string; updated_at: string }>(
        'SELECT * FROM canned_replies ORDER BY shortcut',
      )
      .all()
      .map((r) => ({ id: r.id, shortcut: r.shortcut, text: r.text, updatedAt: r.updated_at }));
  }

  async saveCannedReply(reply: CannedReply): Promise<CannedReply> {
    try {
      this.db
        .prepare(
          `INSERT INTO canned_replies (id, shortcut, text, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET shortcut = excluded.shortcut, text = excluded.text, updated_at = excluded.updated_at`,
        )
        .run(reply.id, reply.shortcut, reply.text, reply.updatedAt);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AppError('shortcut_taken');
      throw err;
    }
    return { ...reply };
  }

  async deleteCannedReply(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM canned_replies WHERE id = ?').run(id).changes > 0;
  }

  async renameAgent(id: string, name: string): Promise<boolean> {
    return this.db.prepare(`UPDATE agents SET name = ? WHERE id = ?`).run(name, id).changes > 0;
  }

  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    const change = this.db.transaction(() => {
      const changed = this.db.prepare(`UPDATE agents SET password_hash = ? WHERE id = ?`).run(passwordHash, id).changes;
      this.db.prepare(`DELETE FROM agent_sessions WHERE agent_id = ?`).run(id);
      return changed > 0;
    });
    return change();
  }

  async createSession(s: AgentSession): Promise<void> {
    this.db.prepare(`INSERT INTO agent_sessions VALUES (?, ?, ?)`).run(s.tokenHash, s.agentId, s.expiresAt);
    // Expired sessions are swept as new ones arrive, so the table stays small.
    this.db.prepare(`DELETE FROM agent_sessions WHERE expires_at <= ?`).run(new Date().toISOString());
  }

  async getSession(tokenHash: string): Promise<AgentSession | null> {
    const row = this.db
      .prepare<[string, string], { token_hash: string; agent_id: string; expires_at: string }>(
        `SELECT * FROM agent_sessions WHERE token_hash = ? AND expires_at > ?`,
      )
      .get(tokenHash, new Date().toISOString());
    return row ? { tokenHash: row.token_hash, agentId: row.agent_id, expiresAt: row.expires_at } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.db.prepare(`DELETE FROM agent_sessions WHERE token_hash = ?`).run(tokenHash);
  }

  async recordChange(c: KnowledgeChange): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO knowledge_changes (at, agent_id, agent_name, action, path, from_path, version) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(c.at, c.agentId, c.agentName, c.action, c.path, c.from ?? null, c.version ?? null);
  }

  async listChanges(opts: { path?: string; limit: number }): Promise<KnowledgeChange[]> {
    const rows = opts.path
      ? this.db
          .prepare<[string, string, number], ChangeRow>(
            `SELECT * FROM knowledge_changes WHERE path = ? OR from_path = ? ORDER BY seq DESC LIMIT ?`,
          )
          .all(opts.path, opts.path, opts.limit)
      : this.db
          .prepare<[number], ChangeRow>(`SELECT * FROM knowledge_changes ORDER BY seq DESC LIMIT ?`)
          .all(opts.limit);
    return rows.map((r) => {
      const c: KnowledgeChange = {
        at: r.at,
        agentId: r.agent_id,
        agentName: r.agent_name,
        action: r.action,
        path: r.path,
      };
      if (r.from_path) c.from = r.from_path;
      if (r.version) c.version = r.version;
      return c;
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toAgent(r: AgentRow): Agent {
  return { id: r.id, email: r.email, name: r.name, role: r.role, createdAt: r.created_at };
}
