import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AgentCredentials, AgentSession } from '../agents/agent';
import type { AgentStore } from '../agents/agent-store';
import { AppError } from '../errors';
import type { Agent, CannedReply, KnowledgeChange } from '../protocol/http-api';

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

/** PostgreSQL's unique-violation code. */
const UNIQUE_VIOLATION = '23505';

/** Agents, their sessions and the knowledge audit trail in PostgreSQL, beside the history. */
export class PostgresAgentStore implements AgentStore {
  constructor(private readonly pool: pg.Pool) {}

  async createAgent(input: Omit<AgentCredentials, 'id' | 'createdAt'>): Promise<Agent> {
    try {
      const { rows } = await this.pool.query<AgentRow>(
        `INSERT INTO agents (id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [randomUUID(), input.email.toLowerCase(), input.name, input.role, input.passwordHash, new Date().toISOString()],
      );
      return toAgent(rows[0]);
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new AppError('email_taken');
      throw err;
    }
  }

  async agentByEmail(email: string): Promise<AgentCredentials | null> {
    const { rows } = await this.pool.query<AgentRow>('SELECT * FROM agents WHERE email = $1', [email.toLowerCase()]);
    return rows[0] ? { ...toAgent(rows[0]), passwordHash: rows[0].password_hash } : null;
  }

  async getAgent(id: string): Promise<Agent | null> {
    const { rows } = await this.pool.query<AgentRow>('SELECT * FROM agents WHERE id = $1', [id]);
    return rows[0] ? toAgent(rows[0]) : null;
  }

  async listAgents(): Promise<Agent[]> {
    const { rows } = await this.pool.query<AgentRow>('SELECT * FROM agents ORDER BY created_at, seq');
    return rows.map(toAgent);
  }

  async deleteAgent(id: string): Promise<boolean> {
    // Sessions go with the agent (ON DELETE CASCADE).
    const { rowCount } = await this.pool.query('DELETE FROM agents WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async getSetting(key: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key]);
    return rows[0]?.value ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.pool.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [key, value],
    );
  }

  async listCannedReplies(): Promise<CannedReply[]> {
    const { rows } = await this.pool.query<{ id: string; shortcut: string; text: string; updated_at: string }>(
      'SELECT * FROM canned_replies ORDER BY shortcut',
    );
    return rows.map((r) => ({ id: r.id, shortcut: r.shortcut, text: r.text, updatedAt: r.updated_at }));
  }

  async saveCannedReply(reply: CannedReply): Promise<CannedReply> {
    try {
      await this.pool.query(
        `INSERT INTO canned_replies (id, shortcut, text, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET shortcut = excluded.shortcut, text = excluded.text, updated_at = excluded.updated_at`,
        [reply.id, reply.shortcut, reply.text, reply.updatedAt],
      );
    } catch (err) {
      if ((err as { code?: string }).code === UNIQUE_VIOLATION) throw new AppError('shortcut_taken');
      throw err;
    }
    return { ...reply };
  }

  async deleteCannedReply(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM canned_replies WHERE id = $1', [id]);
    return (rowCount ?? 0) > 0;
  }

  async renameAgent(id: string, name: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE agents SET name = $2 WHERE id = $1', [id, name]);
    return (rowCount ?? 0) > 0;
  }

  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ changed: boolean }>(
      `WITH changed AS (UPDATE agents SET password_hash = $2 WHERE id = $1 RETURNING id),
            ended AS (DELETE FROM agent_sessions WHERE agent_id = $1 AND EXISTS (SELECT 1 FROM changed))
       SELECT EXISTS (SELECT 1 FROM changed) AS changed`,
      [id, passwordHash],
    );
    return rows[0].changed;
  }

  async createSession(s: AgentSession): Promise<void> {
    await this.pool.query('INSERT INTO agent_sessions (token_hash, agent_id, expires_at) VALUES ($1, $2, $3)', [
      s.tokenHash,
      s.agentId,
      s.expiresAt,
    ]);
    // Expired sessions are swept as new ones arrive, so the table stays small.
    await this.pool.query('DELETE FROM agent_sessions WHERE expires_at <= $1', [new Date().toISOString()]);
  }

  async getSession(tokenHash: string): Promise<AgentSession | null> {
    const { rows } = await this.pool.query<{ token_hash: string; agent_id: string; expires_at: string }>(
      'SELECT * FROM agent_sessions WHERE token_hash = $1 AND expires_at > $2',
      [tokenHash, new Date().toISOString()],
    );
    return rows[0] ? { tokenHash: rows[0].token_hash, agentId: rows[0].agent_id, expiresAt: rows[0].expires_at } : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM agent_sessions WHERE token_hash = $1', [tokenHash]);
  }

  async recordChange(c: KnowledgeChange): Promise<void> {
    await this.pool.query(
      `INSERT INTO knowledge_changes (at, agent_id, agent_name, action, path, from_path, version) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [c.at, c.agentId, c.agentName, c.action, c.path, c.from ?? null, c.version ?? null],
    );
  }

  async listChanges(opts: { path?: string; limit: number }): Promise<KnowledgeChange[]> {
    const { rows } = opts.path
      ? await this.pool.query<ChangeRow>(
          'SELECT * FROM knowledge_changes WHERE path = $1 OR from_path = $1 ORDER BY seq DESC LIMIT $2',
          [opts.path, opts.limit],
        )
      : await this.pool.query<ChangeRow>('SELECT * FROM knowledge_changes ORDER BY seq DESC LIMIT $1', [opts.limit]);
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
    await this.pool.end();
  }
}

function toAgent(r: AgentRow): Agent {
  return { id: r.id, email: r.email, name: r.name, role: r.role, createdAt: r.created_at };
}
