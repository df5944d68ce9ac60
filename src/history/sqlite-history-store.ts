import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { Conversation, Message, Rating, VisitorIdentity } from '../protocol/dto';
import { previewOf, type AnswerSample, type AppendResult, type ConversationPatch, type HistoryStore, type ListConversationsOptions, type NewMessage } from './history-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  visitor_id TEXT NOT NULL,
  mode TEXT NOT NULL,
  owner_agent_id TEXT,
  identity TEXT,
  created_at TEXT NOT NULL,
  last_message_at TEXT NOT NULL,
  unread INTEGER NOT NULL DEFAULT 0,
  preview TEXT NOT NULL DEFAULT '',
  message_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS conversations_visitor ON conversations (visitor_id, created_at);
CREATE INDEX IF NOT EXISTS conversations_activity ON conversations (last_message_at) WHERE message_count > 0;
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  conversation_id TEXT NOT NULL REFERENCES conversations (id),
  role TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sources TEXT,
  answered INTEGER,
  latency TEXT,
  rating TEXT,
  client_message_id TEXT,
  UNIQUE (conversation_id, client_message_id)
);
CREATE INDEX IF NOT EXISTS messages_conversation ON messages (conversation_id, seq);
CREATE INDEX IF NOT EXISTS messages_answers ON messages (created_at) WHERE role = 'bot';
`;

interface ConversationRow {
  id: string;
  visitor_id: string;
  mode: Conversation['mode'];
  owner_agent_id: string | null;
  identity: string | null;
  created_at: string;
  last_message_at: string;
  unread: number;
  preview: string;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  role: Message['role'];
  text: string;
  created_at: string;
  sources: string | null;
  answered: number | null;
  latency: string | null;
  rating: Rating | null;
  client_message_id: string | null;
}

/** The embedded default: one SQLite file in WAL mode under DATA_DIR. Durable across restarts. */
export class SqliteHistoryStore implements HistoryStore {
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<SqliteHistoryStore['prepare']>;

  /** `file` may be `:memory:`; otherwise its folder is created. */
  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // WAL with NORMAL loses at most the last transactions on power loss, never corrupts.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    this.stmt = this.prepare();
  }

  private prepare() {
    const d = this.db;
    return {
      insertConv: d.prepare(
        `INSERT INTO conversations (id, visitor_id, mode, identity, created_at, last_message_at) VALUES (?, ?, 'bot', ?, ?, ?)`,
      ),
      getConv: d.prepare<[string], ConversationRow>(`SELECT * FROM conversations WHERE id = ?`),
      latestConv: d.prepare<[string], ConversationRow>(
        `SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      ),
      byClientId: d.prepare<[string, string], MessageRow>(`SELECT * FROM messages WHERE conversation_id = ? AND client_message_id = ?`),
      insertMsg: d.prepare(
        `INSERT INTO messages (id, conversation_id, role, text, created_at, sources, answered, latency, client_message_id)
         VALUES (@id, @conversation_id, @role, @text, @created_at, @sources, @answered, @latency, @client_message_id)`,
      ),
      touchConv: d.prepare(
        `UPDATE conversations SET last_message_at = ?, preview = ?, unread = unread + ?, message_count = message_count + 1 WHERE id = ?`,
      ),
      lastMsgs: d.prepare<[string, number], MessageRow>(
        `SELECT * FROM (SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq ASC`,
      ),
      getMsg: d.prepare<[string], MessageRow>(`SELECT * FROM messages WHERE id = ?`),
      rate: d.prepare(`UPDATE messages SET rating = ? WHERE id = ?`),
      samples: d.prepare<[string], { created_at: string; answered: number | null; latency: string }>(
        `SELECT created_at, answered, latency FROM messages WHERE role = 'bot' AND created_at >= ? AND latency IS NOT NULL`,
      ),
    };
  }

  async createConversation(input: { visitorId: string; identity?: VisitorIdentity }): Promise<Conversation> {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.stmt.insertConv.run(id, input.visitorId, input.identity ? JSON.stringify(input.identity) : null, now, now);
    return toConversation(this.stmt.getConv.get(id)!);
  }

  async getConversation(id: string): Promise<Conversation | null> {
    const row = this.stmt.getConv.get(id);
    return row ? toConversation(row) : null;
  }

  async latestConversation(visitorId: string): Promise<Conversation | null> {
    const row = this.stmt.latestConv.get(visitorId);
    return row ? toConversation(row) : null;
  }

  async updateConversation(id: string, patch: ConversationPatch): Promise<Conversation> {
    const sets: string[] = [];
    const args: unknown[] = [];
    if (patch.mode) sets.push('mode = ?') && args.push(patch.mode);
    if (patch.ownerAgentId !== undefined) sets.push('owner_agent_id = ?') && args.push(patch.ownerAgentId);
    if (patch.identity) sets.push('identity = ?') && args.push(JSON.stringify(patch.identity));
    if (patch.unread === 0) sets.push('unread = 0');
    if (sets.length) this.db.prepare(`UPDATE conversations SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    const row = this.stmt.getConv.get(id);
    if (!row) throw new AppError('conversation_not_found');
    return toConversation(row);
  }

  async appendMessage(input: NewMessage): Promise<AppendResult> {
    return this.append(input);
  }

  // One transaction: the duplicate check, the insert and the conversation update cannot interleave.
  private readonly append = (input: NewMessage) =>
    this.db.transaction((): AppendResult => {
      const conv = () => toConversation(this.stmt.getConv.get(input.conversationId)!);
      if (input.clientMessageId) {
        const existing = this.stmt.byClientId.get(input.conversationId, input.clientMessageId);
        if (existing) return { message: toMessage(existing), created: false, conversation: conv() };
      }
      if (!this.stmt.getConv.get(input.conversationId)) throw new AppError('conversation_not_found');
      const row = {
        id: input.id ?? randomUUID(),
        conversation_id: input.conversationId,
        role: input.role,
        text: input.text,
        created_at: new Date().toISOString(),
        sources: input.sources ? JSON.stringify(input.sources) : null,
        answered: input.answered === undefined ? null : input.answered ? 1 : 0,
        latency: input.latency ? JSON.stringify(input.latency) : null,
        client_message_id: input.clientMessageId ?? null,
      };
      this.stmt.insertMsg.run(row);
      this.stmt.touchConv.run(row.created_at, previewOf(row.text), input.role === 'visitor' ? 1 : 0, row.conversation_id);
      return { message: toMessage({ ...row, rating: null }), created: true, conversation: conv() };
    })();

  async listMessages(conversationId: string, opts: { limit?: number } = {}): Promise<Message[]> {
    return this.stmt.lastMsgs.all(conversationId, opts.limit ?? -1).map(toMessage);
  }

  async getMessage(id: string): Promise<Message | null> {
    const row = this.stmt.getMsg.get(id);
    return row ? toMessage(row) : null;
  }

  async setRating(messageId: string, rating: Rating): Promise<Message | null> {
    this.stmt.rate.run(rating, messageId);
    return this.getMessage(messageId);
  }

  async listConversations(opts: ListConversationsOptions): Promise<Conversation[]> {
    const rows = this.db
      .prepare<unknown[], ConversationRow>(
        `SELECT * FROM conversations WHERE message_count > 0 ${opts.mode ? 'AND mode = ?' : ''}
         ORDER BY last_message_at DESC, rowid DESC LIMIT ?`,
      )
      .all(...(opts.mode ? [opts.mode, opts.limit] : [opts.limit]));
    return rows.map(toConversation);
  }

  async answerSamples(since: string): Promise<AnswerSample[]> {
    return this.stmt.samples.all(since).map((r) => ({ createdAt: r.created_at, answered: r.answered !== 0, latency: JSON.parse(r.latency) }));
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

function toConversation(r: ConversationRow): Conversation {
  const c: Conversation = {
    id: r.id,
    visitorId: r.visitor_id,
    mode: r.mode,
    createdAt: r.created_at,
    lastMessageAt: r.last_message_at,
    unread: r.unread,
    preview: r.preview,
  };
  if (r.owner_agent_id) c.ownerAgentId = r.owner_agent_id;
  if (r.identity) c.identity = JSON.parse(r.identity);
  return c;
}

function toMessage(r: MessageRow): Message {
  const m: Message = { id: r.id, conversationId: r.conversation_id, role: r.role, text: r.text, createdAt: r.created_at };
  if (r.sources) m.sources = JSON.parse(r.sources);
  if (r.answered !== null) m.answered = r.answered === 1;
  if (r.latency) m.latency = JSON.parse(r.latency);
  if (r.rating) m.rating = r.rating;
  if (r.client_message_id) m.clientMessageId = r.client_message_id;
  return m;
}
