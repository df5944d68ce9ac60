import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { AppError } from '../errors';
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
} from '../history/history-store';
import { likePatterns } from '../history/query-text';
import type { Conversation, Message, Rating, VisitorIdentity } from '../protocol/dto';

interface ConversationRow {
  id: string;
  visitor_id: string;
  mode: Conversation['mode'];
  owner_agent_id: string | null;
  identity: VisitorIdentity | null;
  created_at: string;
  last_message_at: string;
  unread: number;
  preview: string;
  unanswered: number;
  waiting_since: string | null;
  contact: Conversation['contact'] | null;
  context: Conversation['context'] | null;
  tags: string[] | null;
  feedback: Conversation['feedback'] | null;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  role: Message['role'];
  text: string;
  created_at: string;
  sources: Message['sources'] | null;
  answered: boolean | null;
  latency: Message['latency'] | null;
  rating: Rating | null;
  client_message_id: string | null;
  reply_to: string | null;
  author: Message['author'] | null;
  attachments: Message['attachments'] | null;
}

/**
 * History in PostgreSQL (DATABASE_URL), shared by every node: the store for deployments that
 * outgrow one machine. Appends to a conversation are serialised by a row lock on it, so a
 * message is stored once per clientMessageId however many nodes receive it at once.
 */
export class PostgresHistoryStore implements HistoryStore {
  /** This store's name in the claims it holds (see claimAnswer). */
  private readonly holder = randomUUID();

  constructor(private readonly pool: pg.Pool) {}

  async createConversation(input: NewConversation): Promise<Conversation> {
    const now = new Date().toISOString();
    const json = (v: unknown) => (v ? JSON.stringify(v) : null);
    const { rows } = await this.pool.query<ConversationRow>(
      `INSERT INTO conversations (id, visitor_id, mode, identity, context, created_at, last_message_at)
       VALUES ($1, $2, 'bot', $3, $4, $5, $5) RETURNING *`,
      [randomUUID(), input.visitorId, json(input.identity), json(input.context), now],
    );
    return toConversation(rows[0]);
  }

  async visitorConversations(visitorId: string, limit: number): Promise<Conversation[]> {
    const { rows } = await this.pool.query<ConversationRow>(
      'SELECT * FROM conversations WHERE visitor_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2',
      [visitorId, limit],
    );
    return rows.map(toConversation);
  }

  async getConversation(id: string): Promise<Conversation | null> {
    const { rows } = await this.pool.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [id]);
    return rows[0] ? toConversation(rows[0]) : null;
  }

  async latestConversation(visitorId: string): Promise<Conversation | null> {
    const { rows } = await this.pool.query<ConversationRow>(
      'SELECT * FROM conversations WHERE visitor_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1',
      [visitorId],
    );
    return rows[0] ? toConversation(rows[0]) : null;
  }

  async updateConversation(id: string, patch: ConversationPatch): Promise<Conversation> {
    const { sets, args } = patchSql(patch, 2);
    const { rows } = sets.length
      ? await this.pool.query<ConversationRow>(
          `UPDATE conversations SET ${sets.join(', ')} WHERE id = $1 RETURNING *`,
          [id, ...args],
        )
      : await this.pool.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1', [id]);
    if (!rows[0]) throw new AppError('conversation_not_found');
    return toConversation(rows[0]);
  }

  async appendMessage(input: NewMessage): Promise<AppendResult> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // The conversation's row lock orders every append to it, on every node.
      const locked = await client.query<ConversationRow>('SELECT * FROM conversations WHERE id = $1 FOR UPDATE', [
        input.conversationId,
      ]);
      if (!locked.rows[0]) throw new AppError('conversation_not_found');
      if (input.clientMessageId) {
        const existing = await client.query<MessageRow>(
          'SELECT * FROM messages WHERE conversation_id = $1 AND client_message_id = $2',
          [input.conversationId, input.clientMessageId],
        );
        if (existing.rows[0]) {
          await client.query('COMMIT');
          return { message: toMessage(existing.rows[0]), created: false, conversation: toConversation(locked.rows[0]) };
        }
      }
      const message = messageOf(input, new Date().toISOString());
      await client.query(
        `INSERT INTO messages (id, conversation_id, role, text, created_at, sources, answered, latency, client_message_id, reply_to, author, attachments)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          message.id,
          message.conversationId,
          message.role,
          message.text,
          message.createdAt,
          message.sources ? JSON.stringify(message.sources) : null,
          message.answered ?? null,
          message.latency ? JSON.stringify(message.latency) : null,
          message.clientMessageId ?? null,
          message.replyTo ?? null,
          message.author ? JSON.stringify(message.author) : null,
          message.attachments ? JSON.stringify(message.attachments) : null,
        ],
      );
      const { rows } = await client.query<ConversationRow>(
        `UPDATE conversations SET last_message_at = $2, preview = $3, unread = unread + $4,
           unanswered = unanswered + $5, message_count = message_count + 1
         WHERE id = $1 RETURNING *`,
        [
          message.conversationId,
          message.createdAt,
          previewOf(message),
          message.role === 'visitor' ? 1 : 0,
          message.role === 'bot' && message.answered === false ? 1 : 0,
        ],
      );
      await client.query('COMMIT');
      return { message, created: true, conversation: toConversation(rows[0]) };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async listMessages(conversationId: string, opts: { limit?: number } = {}): Promise<Message[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT * FROM (SELECT * FROM messages WHERE conversation_id = $1 ORDER BY seq DESC LIMIT $2) m ORDER BY seq ASC`,
      [conversationId, opts.limit ?? null],
    );
    return rows.map(toMessage);
  }

  async getMessage(id: string): Promise<Message | null> {
    const { rows } = await this.pool.query<MessageRow>('SELECT * FROM messages WHERE id = $1', [id]);
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async setRating(messageId: string, rating: Rating): Promise<Message | null> {
    const { rows } = await this.pool.query<MessageRow>('UPDATE messages SET rating = $2 WHERE id = $1 RETURNING *', [
      messageId,
      rating,
    ]);
    return rows[0] ? toMessage(rows[0]) : null;
  }

  async updateConversationIfOwner(
    id: string,
    owners: (string | null)[],
    patch: ConversationPatch,
  ): Promise<{ conversation: Conversation; applied: boolean }> {
    const named = owners.filter((o): o is string => o !== null);
    const { sets, args } = patchSql(patch, 4);
    // One statement: the check and the update cannot interleave with another node's.
    const { rows } = await this.pool.query<ConversationRow>(
      `UPDATE conversations SET ${sets.length ? sets.join(', ') : 'id = id'}
       WHERE id = $1 AND (owner_agent_id = ANY($2::text[]) OR (owner_agent_id IS NULL AND $3::boolean))
       RETURNING *`,
      [id, named, owners.includes(null), ...args],
    );
    if (rows[0]) return { conversation: toConversation(rows[0]), applied: true };
    const current = await this.getConversation(id);
    if (!current) throw new AppError('conversation_not_found');
    return { conversation: current, applied: false };
  }

  async listConversations(opts: ListConversationsOptions): Promise<Conversation[]> {
    const where = ['message_count > 0'];
    const args: unknown[] = [];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    if (opts.mode) where.push(`mode = ${arg(opts.mode)}`);
    if (opts.unanswered) where.push('unanswered > 0');
    if (opts.offline) where.push("contact IS NOT NULL AND mode <> 'closed'");
    if (opts.tag) where.push(`tags @> ${arg(JSON.stringify([opts.tag]))}::jsonb`);
    if (opts.from) where.push(`last_message_at >= ${arg(opts.from)}`);
    if (opts.to) where.push(`last_message_at <= ${arg(opts.to)}`);
    for (const like of likePatterns(opts.q ?? '')) {
      const p = arg(like);
      where.push(
        `(lower(coalesce(c.identity::text, '')) LIKE ${p} OR EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id AND lower(m.text) LIKE ${p}))`,
      );
    }
    const { rows } = await this.pool.query<ConversationRow>(
      `SELECT * FROM conversations c WHERE ${where.join(' AND ')} ORDER BY last_message_at DESC, id DESC LIMIT ${arg(opts.limit)}`,
      args,
    );
    return rows.map(toConversation);
  }

  async answerSamples(since: string): Promise<AnswerSample[]> {
    const { rows } = await this.pool.query<{
      id: string;
      conversation_id: string;
      created_at: string;
      answered: boolean | null;
      latency: AnswerSample['latency'];
    }>(
      `SELECT id, conversation_id, created_at, answered, latency FROM messages
       WHERE role = 'bot' AND created_at >= $1 AND latency IS NOT NULL`,
      [since],
    );
    return rows.map((r) => ({
      messageId: r.id,
      conversationId: r.conversation_id,
      createdAt: r.created_at,
      answered: r.answered !== false,
      latency: r.latency,
    }));
  }

  async listGaps(since: string, limit: number): Promise<GapEntry[]> {
    const { rows } = await this.pool.query<MessageRow & { q: MessageRow | null }>(
      `SELECT a.*, to_jsonb(q) AS q FROM messages a LEFT JOIN messages q ON q.id = a.reply_to
       WHERE a.role = 'bot' AND (a.answered = false OR a.rating = 'down') AND a.created_at >= $1
       ORDER BY a.created_at DESC, a.seq DESC LIMIT $2`,
      [since, limit],
    );
    return rows.map((row) => {
      const answer = toMessage(row);
      const entry: GapEntry = { answer, reason: answer.answered === false ? 'unanswered' : 'rated_down' };
      if (row.q) entry.question = toMessage(row.q);
      return entry;
    });
  }

  async deleteConversationsBefore(cutoff: string): Promise<number> {
    return this.deleteWhere('last_message_at < $1', cutoff);
  }

  async deleteVisitorData(visitorId: string): Promise<number> {
    return this.deleteWhere('visitor_id = $1', visitorId);
  }

  /** One statement: the messages and their conversations go together (the foreign key is checked at its end). */
  private async deleteWhere(where: string, arg: string): Promise<number> {
    const { rowCount } = await this.pool.query(
      `WITH doomed AS (SELECT id FROM conversations WHERE ${where} FOR UPDATE),
            gone AS (DELETE FROM messages WHERE conversation_id IN (SELECT id FROM doomed))
       DELETE FROM conversations WHERE id IN (SELECT id FROM doomed)`,
      [arg],
    );
    return rowCount ?? 0;
  }

  async claimAnswer(questionId: string, ttlMs: number): Promise<boolean> {
    const { rows } = await this.pool.query(
      `INSERT INTO answer_claims (question_id, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (question_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE answer_claims.expires_at <= now()
       RETURNING holder`,
      [questionId, this.holder, ttlMs],
    );
    return rows.length === 1;
  }

  async renewAnswer(questionId: string, ttlMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE answer_claims SET expires_at = now() + $3 * interval '1 millisecond'
       WHERE question_id = $1 AND holder = $2 AND expires_at > now()`,
      [questionId, this.holder, ttlMs],
    );
    return (rowCount ?? 0) === 1;
  }

  async releaseAnswer(questionId: string): Promise<void> {
    await this.pool.query('DELETE FROM answer_claims WHERE question_id = $1 AND holder = $2', [
      questionId,
      this.holder,
    ]);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** `SET` clauses of a patch, their parameters numbered from `first`. */
function patchSql(patch: ConversationPatch, first: number): { sets: string[]; args: unknown[] } {
  const sets: string[] = [];
  const args: unknown[] = [];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${first + args.length - 1}`;
  };
  if (patch.mode) sets.push(`mode = ${arg(patch.mode)}`);
  if (patch.ownerAgentId !== undefined) sets.push(`owner_agent_id = ${arg(patch.ownerAgentId)}`);
  if (patch.identity) sets.push(`identity = ${arg(JSON.stringify(patch.identity))}`);
  if (patch.unread === 0) sets.push('unread = 0');
  if (patch.waitingSince !== undefined) sets.push(`waiting_since = ${arg(patch.waitingSince)}`);
  if (patch.contact !== undefined) sets.push(`contact = ${arg(patch.contact ? JSON.stringify(patch.contact) : null)}`);
  if (patch.context) sets.push(`context = ${arg(JSON.stringify(patch.context))}`);
  if (patch.tags) sets.push(`tags = ${arg(JSON.stringify(patch.tags))}`);
  if (patch.feedback) sets.push(`feedback = ${arg(JSON.stringify(patch.feedback))}`);
  return { sets, args };
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
  if (r.owner_agent_id) c.ownerAgentId = r.owner_agent_id;
  if (r.identity) c.identity = r.identity;
  if (r.waiting_since) c.waitingSince = r.waiting_since;
  if (r.contact) c.contact = r.contact;
  if (r.context) c.context = r.context;
  if (r.feedback) c.feedback = r.feedback;
  if (r.tags?.length) c.tags = r.tags;
  return c;
}

function toMessage(r: MessageRow): Message {
  const m: Message = {
    id: r.id,
    conversationId: r.conversation_id,
    role: r.role,
    text: r.text,
    createdAt: r.created_at,
  };
  if (r.sources) m.sources = r.sources;
  if (r.answered !== null && r.answered !== undefined) m.answered = r.answered;
  if (r.latency) m.latency = r.latency;
  if (r.rating) m.rating = r.rating;
  if (r.client_message_id) m.clientMessageId = r.client_message_id;
  if (r.reply_to) m.replyTo = r.reply_to;
  if (r.author) m.author = r.author;
  if (r.attachments) m.attachments = r.attachments;
  return m;
}
