import pg from 'pg';
import { AppError } from '../errors';

/**
 * A pool to DATABASE_URL with the schema brought up to date. Migrations are versioned and run
 * at start, each in a transaction, under an advisory lock so that nodes starting together apply
 * each once. Errors of idle connections (a restart of PostgreSQL) are logged by the pool's
 * owner and the pool reconnects on the next query.
 */
export async function connectPostgres(
  url: string,
  opts: { statementTimeoutMs?: number; onError?: (err: Error) => void } = {},
): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    // Each store has its own pool: the history's carries the answer path, the agents' the console.
    max: 8,
    connectionTimeoutMillis: 5000,
    // A query that cannot finish (a locked table, a stopped server) fails instead of hanging.
    statement_timeout: opts.statementTimeoutMs ?? 5000,
    query_timeout: (opts.statementTimeoutMs ?? 5000) + 1000,
  });
  pool.on('error', (err) => opts.onError?.(err));
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  return typedErrors(pool);
}

/**
 * Errors that mean the database cannot be reached or did not answer in time: the caller gets a
 * retryable `unavailable` (a send's ack, /readyz 503), never `internal`. Others (a unique
 * violation the store handles) pass as they are.
 */
function storeError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code ?? '';
  const message = err instanceof Error ? err.message : '';
  const unreachable =
    /^(08|57P|53)/.test(code) || // connection exceptions, operator intervention, insufficient resources
    code === '57014' || // statement timeout
    /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT|HOSTUNREACH)$/.test(code) ||
    /Connection terminated|timeout|connect/i.test(message);
  return unreachable
    ? new AppError('unavailable', 'The database is not answering. Please try again.', { cause: err })
    : err;
}

/** The pool, and the clients it lends, with their failures mapped by storeError. */
function typedErrors(pool: pg.Pool): pg.Pool {
  const wrapClient = (client: pg.PoolClient): pg.PoolClient => {
    // A lent client whose server dies emits 'error' as well as failing its query: unheard, that
    // event would end the process. The query's failure is what the caller acts on.
    if (client.listenerCount('error') === 0) client.on('error', () => undefined);
    return new Proxy(client, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop !== 'query' || typeof value !== 'function')
          return typeof value === 'function' ? value.bind(target) : value;
        return (...args: unknown[]) =>
          (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((err: unknown) => {
            throw storeError(err);
          });
      },
    });
  };
  return new Proxy(pool, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (prop === 'query')
        return (...args: unknown[]) =>
          (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((err: unknown) => {
            throw storeError(err);
          });
      if (prop === 'connect')
        return () =>
          target.connect().then(wrapClient, (err: unknown) => {
            throw storeError(err);
          });
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The schema, one step per version; a step is never edited once released, only followed. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    visitor_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    owner_agent_id TEXT,
    identity JSONB,
    created_at TEXT NOT NULL,
    last_message_at TEXT NOT NULL,
    unread INTEGER NOT NULL DEFAULT 0,
    unanswered INTEGER NOT NULL DEFAULT 0,
    preview TEXT NOT NULL DEFAULT '',
    message_count INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX conversations_visitor ON conversations (visitor_id, created_at DESC);
  CREATE INDEX conversations_inbox ON conversations (last_message_at DESC) WHERE message_count > 0;
  CREATE INDEX conversations_mode ON conversations (mode, last_message_at DESC) WHERE message_count > 0;
  CREATE TABLE messages (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sources JSONB,
    answered BOOLEAN,
    latency JSONB,
    rating TEXT,
    client_message_id TEXT,
    reply_to TEXT,
    author JSONB,
    UNIQUE (conversation_id, client_message_id)
  );
  CREATE INDEX messages_conversation ON messages (conversation_id, seq);
  CREATE INDEX messages_answers ON messages (created_at) WHERE role = 'bot';
  CREATE INDEX messages_gaps ON messages (created_at) WHERE role = 'bot' AND (answered = false OR rating = 'down');
  CREATE TABLE answer_claims (
    question_id TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
  );
  CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    seq BIGSERIAL
  );
  CREATE TABLE agent_sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL
  );
  CREATE INDEX agent_sessions_agent ON agent_sessions (agent_id);
  CREATE TABLE knowledge_changes (
    seq BIGSERIAL PRIMARY KEY,
    at TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    agent_name TEXT NOT NULL,
    action TEXT NOT NULL,
    path TEXT NOT NULL,
    from_path TEXT,
    version TEXT
  );
  CREATE INDEX knowledge_changes_path ON knowledge_changes (path);
  CREATE INDEX knowledge_changes_from ON knowledge_changes (from_path);
  `,
  `
  CREATE INDEX conversations_retention ON conversations (last_message_at);
  `,
  `
  ALTER TABLE conversations ADD COLUMN waiting_since TEXT;
  ALTER TABLE conversations ADD COLUMN contact JSONB;
  ALTER TABLE conversations ADD COLUMN context JSONB;
  ALTER TABLE conversations ADD COLUMN tags JSONB;
  CREATE INDEX conversations_tags ON conversations USING GIN (tags);
  ALTER TABLE conversations ADD COLUMN feedback JSONB;
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE canned_replies (
    id TEXT PRIMARY KEY,
    shortcut TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `,
  `
  ALTER TABLE messages ADD COLUMN attachments JSONB;
  CREATE TABLE files (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    record JSONB NOT NULL,
    original BYTEA NOT NULL,
    thumbnail BYTEA,
    created_at TEXT NOT NULL
  );
  CREATE INDEX files_conversation ON files (conversation_id);
  `,
];

/** An arbitrary, fixed key: the lock every node takes while it migrates. */
const MIGRATION_LOCK = 727_311_001;

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
    const from = rows[0].v ?? 0;
    for (let version = from + 1; version <= MIGRATIONS.length; version++) {
      await client.query('BEGIN');
      try {
        await client.query(MIGRATIONS[version - 1]);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
    await indexSearch(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}

/**
 * The console's search finds any part of a word or an email (`ILIKE '%…%'`), which a full-text
 * index cannot serve; a trigram index can. pg_trgm ships with PostgreSQL, but creating an
 * extension needs rights a deployment may not grant: without it, search still works, scanning.
 */
async function indexSearch(client: pg.PoolClient): Promise<void> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await client.query(
      'CREATE INDEX IF NOT EXISTS messages_text_trgm ON messages USING GIN (lower(text) gin_trgm_ops)',
    );
    await client.query(
      'CREATE INDEX IF NOT EXISTS conversations_identity_trgm ON conversations USING GIN (lower(identity::text) gin_trgm_ops)',
    );
  } catch {
    // No pg_trgm: search scans, which is fine for small histories.
  }
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
