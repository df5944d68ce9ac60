import type Database from 'better-sqlite3';
import { LocalClaims } from './local-claims';
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { Conversation, Message, Rating } from '../protocol/dto';
import {
  messageOf,
  previewOf,
  type AnswerSample,
  type AppendResult,
  type ConversationPatch,
  type GapEntry,
  type HistoryStore,
  type ListConversationsOptions,
  type NewConversation,
  type NewMessage,
  withStoredFields,
} from './history-store';
import { openSqlite } from './open-sqlite';
import { likePatterns } from './query-text';

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

/** Columns added after the first release; a database created before gets them on open. */
const ADDED_COLUMNS: [table: string, column: string, definition: string][] = [
  ['conversations', 'unanswered', 'INTEGER NOT NULL DEFAULT 0'],
  ['messages', 'reply_to', 'TEXT'],
  ['messages', 'author', 'TEXT'],
  ['messages', 'attachments', 'TEXT'],
  ['conversations', 'waiting_since', 'TEXT'],
  ['conversations', 'contact', 'TEXT'],
  ['conversations', 'context', 'TEXT'],
  ['conversations', 'tags', 'TEXT'],
  ['conversations', 'feedback', 'TEXT'],
];

const INDEXES_ON_ADDED = `
CREATE INDEX IF NOT EXISTS messages_gaps ON messages (created_at) WHERE role = 'bot' AND (answered = 0 OR rating = 'down');
CREATE INDEX IF NOT EXISTS conversations_retention ON conversations (last_message_at);
`;

function migrate(db: Database.Database): void {
  for (const [table, column, definition] of ADDED_COLUMNS) {
    const has = db
      .prepare<[], { name: string }>(`PRAGMA table_info(${table})`)
      .all()
      .some((c) => c.name === column);
    if (!has) db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
  }
  db.exec(INDEXES_ON_ADDED);
}

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
  unanswered: number;
  waiting_since: string | null;
  contact: string | null;
  context: string | null;
  tags: string | null;
  feedback: string | null;
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
  reply_to: string | null;
  author: string | null;
  attachments: string | null;
}

/** The embedded default: one SQLite file in WAL mode under DATA_DIR. Durable across restarts. */
export class SqliteHistoryStore implements HistoryStore {
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<SqliteHistoryStore['prepare']>;
  /**
   * One transaction: the duplicate check, the insert and the conversation update cannot
   * interleave. Wrapped once: better-sqlite3 builds four wrapper functions per transaction().
   */
  private readonly append: (input: NewMessage) => AppendResult;

  /** `file` may be `:memory:`; otherwise its folder is created. */
  constructor(file: string) {
    this.db = openSqlite(file);
    this.db.exec(SCHEMA);
    migrate(this.db);
    this.stmt = this.prepare();
    // IMMEDIATE: the write lock is taken (or waited for) at the start. A deferred transaction that
    // reads first cannot wait to upgrade: it fails at once with SQLITE_BUSY when the agents'
    // connection is writing.
    this.append = this.db.transaction((input: NewMessage) => this.appendRows(input)).immediate;
  }

  private prepare() {
    const d = this.db;
    return {
      insertConv: d.prepare(
        `INSERT INTO conversations (id, visitor_id, mode, identity, context, created_at, last_message_at) VALUES (?, ?, 'bot', ?, ?, ?, ?)`,
      ),
      visitorConvs: d.prepare<[string, number], ConversationRow>(
        `SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      ),
      getConv: d.prepare<[string], ConversationRow>(`SELECT * FROM conversations WHERE id = ?`),
      latestConv: d.prepare<[string], ConversationRow>(
        `SELECT * FROM conversations WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
      ),
      byClientId: d.prepare<[string, string], MessageRow>(
        `SELECT * FROM messages WHERE conversation_id = ? AND client_message_id = ?`,
      ),
      insertMsg: d.prepare(
        `INSERT INTO messages (id, conversation_id, role, text, created_at, sources, answered, latency, client_message_id, reply_to, author, attachments)
         VALUES (@id, @conversation_id, @role, @text, @created_at, @sources, @answered, @latency, @client_message_id, @reply_to, @author, @attachments)`,
      ),
      // RETURNING: the conversation as it now is, and whether there is one, in the same statement.
      touchConv: d.prepare<[string, string, number, number, string], ConversationRow>(
        `UPDATE conversations SET last_message_at = ?, preview = ?, unread = unread + ?, unanswered = unanswered + ?, message_count = message_count + 1 WHERE id = ? RETURNING *`,
      ),
      lastMsgs: d.prepare<[string, number], MessageRow>(
        `SELECT * FROM (SELECT * FROM messages WHERE conversation_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq ASC`,
      ),
      getMsg: d.prepare<[string], MessageRow>(`SELECT * FROM messages WHERE id = ?`),
      rate: d.prepare(`UPDATE messages SET rating = ? WHERE id = ?`),
      samples: d.prepare<
        [string],
        { id: string; conversation_id: string; created_at: string; answered: number | null; latency: string }
      >(
        `SELECT id, conversation_id, created_at, answered, latency FROM messages WHERE role = 'bot' AND created_at >= ? AND latency IS NOT NULL`,
      ),
      gaps: d.prepare<[string, number], MessageRow>(
        `SELECT * FROM messages WHERE role = 'bot' AND (answered = 0 OR rating = 'down') AND created_at >= ? ORDER BY created_at DESC, seq DESC LIMIT ?`,
      ),
    };
  }

  async createConversation(input: NewConversation): Promise<Conversation> {
    const id = randomUUID();
    const now = new Date().toISOString();
    const json = (v: unknown) => (v ? JSON.stringify(v) : null);
    this.stmt.insertConv.run(id, input.visitorId, json(input.identity), json(input.context), now, now);
    return toConversation(this.stmt.getConv.get(id)!);
  }

  async visitorConversations(visitorId: string, limit: number): Promise<Conversation[]> {
    return this.stmt.visitorConvs.all(visitorId, limit).map(toConversation);
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
    if (patch.waitingSince !== undefined) sets.push('waiting_since = ?') && args.push(patch.waitingSince);
    if (patch.contact !== undefined)
      sets.push('contact = ?') && args.push(patch.contact ? JSON.stringify(patch.contact) : null);
    if (patch.context) sets.push('context = ?') && args.push(JSON.stringify(patch.context));
    if (patch.tags) sets.push('tags = ?') && args.push(JSON.stringify(patch.tags));
    if (patch.feedback) sets.push('feedback = ?') && args.push(JSON.stringify(patch.feedback));
    if (sets.length) this.db.prepare(`UPDATE conversations SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
    const row = this.stmt.getConv.get(id);
    if (!row) throw new AppError('conversation_not_found');
    return toConversation(row);
  }

  async appendMessage(input: NewMessage): Promise<AppendResult> {
    return this.append(input);
  }

  private appendRows(input: NewMessage): AppendResult {
    if (input.clientMessageId) {
      const existing = this.stmt.byClientId.get(input.conversationId, input.clientMessageId);
      if (existing)
        return {
          message: toMessage(existing),
          created: false,
          conversation: toConversation(this.stmt.getConv.get(input.conversationId)!),
        };
    }
    // The message returned is the one stored, as built here: not read back from its row (on the
    // answer path, that parsed the sources and latency just serialised).
    const message = messageOf(input, new Date().toISOString());
    const row = {
      id: message.id,
      conversation_id: message.conversationId,
      role: message.role,
      text: message.text,
      created_at: message.createdAt,
      sources: message.sources ? JSON.stringify(message.sources) : null,
      answered: message.answered === undefined ? null : message.answered ? 1 : 0,
      latency: message.latency ? JSON.stringify(message.latency) : null,
      client_message_id: message.clientMessageId ?? null,
      reply_to: message.replyTo ?? null,
      author: message.author ? JSON.stringify(message.author) : null,
      attachments: message.attachments ? JSON.stringify(message.attachments) : null,
    };
    const declined = message.role === 'bot' && message.answered === false ? 1 : 0;
    // The conversation first: no row means no conversation, and nothing has been written.
    const conversation = this.stmt.touchConv.get(
      row.created_at,
      previewOf(message),
      message.role === 'visitor' ? 1 : 0,
      declined,
      row.conversation_id,
    );
    if (!conversation) throw new AppError('conversation_not_found');
    this.stmt.insertMsg.run(row);
    return { message, created: true, conversation: toConversation(conversation) };
  }

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

  async updateConversationIfOwner(
    id: string,
    owners: (string | null)[],
    patch: ConversationPatch,
  ): Promise<{ conversation: Conversation; applied: boolean }> {
    // better-sqlite3 is synchronous, so check and update cannot interleave with another call.
    const row = this.stmt.getConv.get(id);
    if (!row) throw new AppError('conversation_not_found');
    if (!owners.includes(row.owner_agent_id)) return { conversation: toConversation(row), applied: false };
    return { conversation: await this.updateConversation(id, patch), applied: true };
  }

  async listConversations(opts: ListConversationsOptions): Promise<Conversation[]> {
    const where = ['message_count > 0'];
    const args: unknown[] = [];
    if (opts.mode) where.push('mode = ?') && args.push(opts.mode);
    if (opts.unanswered) where.push('unanswered > 0');
    if (opts.offline) where.push("contact IS NOT NULL AND mode != 'closed'");
    // Tags are a JSON array of lower-case words: the quoted tag is an exact element.
    if (opts.tag)
      where.push(`tags LIKE ? ESCAPE '\\'`) && args.push(`%${JSON.stringify(opts.tag).replace(/[%_\\]/g, '\\$&')}%`);
    if (opts.from) where.push('last_message_at >= ?') && args.push(opts.from);
    if (opts.to) where.push('last_message_at <= ?') && args.push(opts.to);
    for (const like of likePatterns(opts.q ?? '')) {
      where.push(
        `(LOWER(COALESCE(c.identity, '')) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND LOWER(m.text) LIKE ? ESCAPE '\\'))`,
      );
      args.push(like, like);
    }
    const rows = this.db
      .prepare<unknown[], ConversationRow>(
        `SELECT * FROM conversations c WHERE ${where.join(' AND ')} ORDER BY last_message_at DESC, rowid DESC LIMIT ?`,
      )
      .all(...args, opts.limit);
    return rows.map(toConversation);
  }

  async answerSamples(since: string): Promise<AnswerSample[]> {
    return this.stmt.samples.all(since).map((r) => ({
      messageId: r.id,
      conversationId: r.conversation_id,
      createdAt: r.created_at,
      answered: r.answered !== 0,
      latency: JSON.parse(r.latency),
    }));
  }

  async listGaps(since: string, limit: number): Promise<GapEntry[]> {
    return this.stmt.gaps.all(since, limit).map((row) => {
      const answer = toMessage(row);
      const q = row.reply_to ? this.stmt.getMsg.get(row.reply_to) : undefined;
      const entry: GapEntry = { answer, reason: answer.answered === false ? 'unanswered' : 'rated_down' };
      if (q) entry.question = toMessage(q);
      return entry;
    });
  }

  async deleteConversationsBefore(cutoff: string): Promise<number> {
    return this.deleteWhere('last_message_at < ?', cutoff);
  }

  async deleteVisitorData(visitorId: string): Promise<number> {
    return this.deleteWhere('visitor_id = ?', visitorId);
  }

  /** One transaction: the messages, then their conversations. */
  private deleteWhere(where: string, arg: string): number {
    return this.db
      .transaction(() => {
        this.db
          .prepare(`DELETE FROM messages WHERE conversation_id IN (SELECT id FROM conversations WHERE ${where})`)
          .run(arg);
        return this.db.prepare(`DELETE FROM conversations WHERE ${where}`).run(arg).changes;
      })
      .immediate();
  }

  private readonly claims = new LocalClaims();

  async claimAnswer(questionId: string, ttlMs: number): Promise<boolean> {
    return this.claims.claim(questionId, ttlMs);
  }

  async renewAnswer(questionId: string, ttlMs: number): Promise<boolean> {
    return this.claims.renew(questionId, ttlMs);
  }

  async releaseAnswer(questionId: string): Promise<void> {
    this.claims.release(questionId);
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
    unanswered: r.unanswered,
  };
  return withStoredFields(c, { ...r, ownerAgentId: r.owner_agent_id, waitingSince: r.waiting_since });
}

function toMessage(r: MessageRow): Message {
  const m: Message = {
    id: r.id,
    conversationId: r.conversation_id,
    role: r.role,
    text: r.text,
    createdAt: r.created_at,
  };
  if (r.sources) m.sources = JSON.parse(r.sources);
  if (r.answered !== null) m.answered = r.answered === 1;
  if (r.latency) m.latency = JSON.parse(r.latency);
  if (r.rating) m.rating = r.rating;
  if (r.client_message_id) m.clientMessageId = r.client_message_id;
  if (r.reply_to) m.replyTo = r.reply_to;
  if (r.author) m.author = JSON.parse(r.author);
  if (r.attachments) m.attachments = JSON.parse(r.attachments);
  return m;
}
