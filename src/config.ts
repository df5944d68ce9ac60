import path from 'node:path';
import { z } from 'zod';
import { parseOrigins } from './http/allowed-origins';
import { BusinessHours, ScheduleError } from './availability/business-hours';
import { trustProxy } from './http/client-address';
import { DEFAULT_WORD_VECTORS_FILE } from './knowledge/vectors/word-vectors-file';

/**
 * Every setting the server reads, validated once at start-up. This is the only module that
 * reads `process.env`; everything else receives a frozen {@link Config}.
 */
const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

const schema = z.object({
  /** @default 3000 */
  PORT: int(0, 65535).default(3000),
  /** @default '0.0.0.0' */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Folder of Markdown / text knowledge files. @default './knowledge' */
  KNOWLEDGE_DIR: z.string().min(1).default('./knowledge'),
  /**
   * The public help center the knowledge files are published at (e.g. `https://help.example.com/docs/`):
   * citations of an article without a `url` in its front matter link to the page its `slug`, `id` or
   * path names there. Unset: they link to the server's own `/kb` page.
   */
  KNOWLEDGE_BASE_URL: optionalString.pipe(z.string().url().optional()),
  /** Folder for the SQLite database and caches. @default './data' */
  DATA_DIR: z.string().min(1).default('./data'),
  /** When set, history lives in Redis and Socket.IO fans out through it (several nodes). */
  REDIS_URL: optionalString.pipe(z.string().url().optional()),
  /**
   * PostgreSQL for history and agent accounts (`postgres://user:pass@host:5432/db`), for
   * deployments that outgrow one machine; migrations run at start. Redis (REDIS_URL) still
   * carries Socket.IO between nodes and the rate limits.
   */
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
  ),
  /**
   * How Socket.IO reaches the other nodes through Redis: `streams` (a Redis stream, read by every
   * node from where it left off: events survive a short outage, and connection-state recovery
   * works), `sharded` (Redis 7's sharded pub/sub, each room only to the nodes that have it) or
   * `pubsub` (every event to every node). `npx tsx bench/cluster-outage.ts` compares them.
   * @default 'streams'
   */
  SOCKET_ADAPTER: z.enum(['streams', 'sharded', 'pubsub']).default('streams'),
  /** Longest a Redis command may take before it fails with a retryable `unavailable`. @default 2000 */
  REDIS_COMMAND_TIMEOUT_MS: int(50, 60_000).default(2000),
  /** Enables the LLM path. Without it (and without a base URL) answers are composed offline. */
  OPENAI_API_KEY: optionalString,
  /** Any OpenAI-compatible server (Ollama, vLLM, llama.cpp). Setting it alone enables the LLM. */
  OPENAI_BASE_URL: optionalString.pipe(z.string().url().optional()),
  /** @default 'gpt-4o-mini' */
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  /**
   * `openai` (an OpenAI-compatible server: OPENAI_BASE_URL, OPENAI_API_KEY, OPENAI_MODEL) or
   * `langchain:<provider>:<model>` with provider anthropic, google, bedrock, azure or ollama,
   * e.g. `langchain:ollama:llama3.1`. @default openai
   */
  LLM_PROVIDER: z
    .string()
    .regex(
      /^(?:openai|langchain:(?:anthropic|google|bedrock|azure|ollama):[^\s]+)$/,
      'must be openai or langchain:<anthropic|google|bedrock|azure|ollama>:<model>',
    )
    .default('openai'),
  /** The LangChain provider's address, for those that take one (ollama, azure, anthropic, google, bedrock). */
  LLM_BASE_URL: optionalString.pipe(z.string().url().optional()),
  /** The LangChain provider's key; unset, each provider reads its usual variable. */
  LLM_API_KEY: optionalString,
  /** Azure OpenAI's API version. @default 2024-10-21 */
  LLM_API_VERSION: z.string().min(1).default('2024-10-21'),
  /** Bedrock's AWS region; unset, the AWS SDK's (AWS_REGION). */
  LLM_REGION: optionalString,
  /** Longest a visitor waits for the LLM before the offline answer is used. @default 20000 */
  LLM_TIMEOUT_MS: int(100, 600_000).default(20_000),
  /** Longest wait for the first token (and between tokens) before giving up. @default 8000 */
  LLM_STALL_MS: int(50, 600_000).default(8_000),
  /**
   * Answer deltas after the first are sent at most this often, joined (0: as they come, joined
   * only within one event-loop turn). With Redis every delta is a publish that every node
   * receives, so the default there is 40 ms. @default 0, or 40 with REDIS_URL
   */
  STREAM_BATCH_MS: optionalString.pipe(z.coerce.number().int().min(0).max(1000).optional()),
  /** Retries on 429 / 5xx / network errors, always within LLM_TIMEOUT_MS. @default 1 */
  LLM_MAX_RETRIES: int(0, 5).default(1),
  /** Token budget for earlier turns of the conversation in the prompt. @default 1200 */
  LLM_HISTORY_TOKENS: int(0, 100_000).default(1200),
  /** Longest answer the model may write, in tokens (its `max_tokens`). @default 600 */
  LLM_MAX_TOKENS: int(16, 32_000).default(600),
  /** Upstream calls at once on this node; more answers wait their turn. @default 4 */
  LLM_CONCURRENCY: int(1, 1000).default(4),
  /** Longest an answer waits for an upstream slot before the visitor gets the offline answer. @default 10000 */
  LLM_QUEUE_MS: int(0, 600_000).default(10_000),
  /** Tokens the LLM may spend per UTC day, all visitors together (per node); 0: no limit. @default 0 */
  LLM_DAILY_TOKENS: int(0, 1_000_000_000_000).default(0),
  /** Tokens one visitor may spend per UTC day; past it, their answers are composed offline. 0: no limit. @default 50000 */
  LLM_VISITOR_DAILY_TOKENS: int(0, 1_000_000_000).default(50_000),
  /** A visitor whose last socket closed this long ago is gone: their queued questions are answered offline. @default 60000 */
  VISITOR_GONE_MS: int(0, 86_400_000).default(60_000),
  /** @default 0.2 */
  LLM_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.2),
  /**
   * An embeddings model on the same OpenAI-compatible server (e.g. text-embedding-3-small, nomic-embed-text):
   * retrieval also uses its vectors, cached in DATA_DIR. Unset: not used.
   */
  EMBEDDINGS_MODEL: optionalString,
  /** Longest a search waits for the question's embedding before going on without it. @default 1000 */
  EMBEDDINGS_TIMEOUT_MS: int(50, 60_000).default(1000),
  /** Name the bot uses for the company in prompts and answers; unnamed when unset. */
  PRODUCT_NAME: z.string().min(1).optional(),
  /** Chunks retrieved per question. @default 5 */
  RETRIEVAL_TOP_K: int(1, 50).default(5),
  /**
   * Confidence (0-1, share of the question's weight that the best passage matches) below which the bot declines;
   * calibrated with npm run eval across several help centers. @default 0.6
   */
  RETRIEVAL_MIN_SCORE: z.coerce.number().min(0).max(1).default(0.6),
  /** Longest visitor or agent message, in characters. @default 4000 */
  MAX_MESSAGE_CHARS: int(1, 100_000).default(4000),
  /** Largest file a visitor or an agent may send, in bytes; 0 turns visitors' uploads off. @default 10 MB */
  MAX_FILE_BYTES: int(0, 100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Files one visitor may send per RATE_LIMIT_WINDOW_MS. @default 10 */
  RATE_LIMIT_FILES: int(1, 10_000).default(10),
  /** Largest JSON body accepted over HTTP, in bytes. @default 65536 */
  MAX_BODY_BYTES: int(1024, 50_000_000).default(65_536),
  /** Messages a visitor (or IP) may send per window. @default 20 */
  RATE_LIMIT_MESSAGES: int(1, 1_000_000).default(20),
  /** Messages all visitors behind one IP address may send per window (offices share an IP). @default 300 */
  RATE_LIMIT_IP_MESSAGES: int(1, 10_000_000).default(300),
  /** @default 60000 */
  RATE_LIMIT_WINDOW_MS: int(100, 86_400_000).default(60_000),
  /** `1` turns rate limits off (benchmarks, evaluations). @default false */
  RATE_LIMIT_DISABLED: bool.default('0'),
  /**
   * Folder with the built widget (`widget.js`) and demo page, made by `npm run build`. @default
   * '<project>/dist/public'
   */
  PUBLIC_DIR: optionalString,
  /**
   * Word vectors for the semantic half of retrieval (built by `npm run build`); `none` turns it off. @default
   * '<project>/dist/word-vectors/glove-100d.bin'
   */
  WORD_VECTORS: optionalString,
  /**
   * `0` turns off the local sentence encoder (the default semantic model when no EMBEDDINGS_MODEL is set):
   * faster start and answers, fewer paraphrased questions found. @default true
   */
  SENTENCE_ENCODER: bool.default('1'),
  /** `0` stops serving the demo page at `/` (the widget is still served). @default true */
  DEMO_PAGE: bool.default('1'),
  /** Coalescing delay for knowledge-folder changes before they are re-indexed. @default 100 */
  KNOWLEDGE_DEBOUNCE_MS: int(0, 10_000).default(100),
  /** Window for `GET /api/v1/stats` when the request names none. @default 3600000 */
  STATS_WINDOW_MS: int(1000, 30 * 86_400_000).default(3_600_000),
  /**
   * The sites allowed to embed the widget: exact origins (`https://shop.example.com`), comma
   * separated, or `*`. Enforced on the websocket handshake and on the visitor API. @default '*'
   */
  ALLOWED_ORIGINS: optionalString,
  /** The former name of ALLOWED_ORIGINS, still read when that is unset. */
  CORS_ORIGINS: optionalString,
  /**
   * The proxies allowed to name the client in X-Forwarded-For: a hop count, or addresses, CIDR
   * ranges and `loopback` / `linklocal` / `uniquelocal`, comma separated. Unset: none.
   */
  TRUST_PROXY: optionalString,
  /** Websocket handshakes one client address may open per rate-limit window. @default 60 */
  RATE_LIMIT_HANDSHAKES: int(1, 1_000_000).default(60),
  /** Conversations one client address may start per rate-limit window. @default 30 */
  RATE_LIMIT_NEW_CONVERSATIONS: int(1, 1_000_000).default(30),
  /** `Strict-Transport-Security` max-age in seconds, for TLS terminated in front of the server; 0: not sent. @default 0 */
  HSTS_MAX_AGE: int(0, 2 * 365 * 86_400).default(0),
  /** Bearer token `/metrics` requires. Unset: `/metrics` answers only clients on this machine. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'at least 16 characters').optional()),
  /** @default 'info' */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** SMTP server for alert emails: `smtp://user:pass@host:587`, or `smtps://` for implicit TLS. */
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
  ),
  /** The sender of alert emails, e.g. `Answerdesk <support@example.com>`. */
  SMTP_FROM: optionalString,
  /** Where team events are posted as JSON (hand-offs, offline messages, a failing LLM). */
  WEBHOOK_URL: optionalString.pipe(z.string().url().optional()),
  /** Signs webhook bodies: `X-Answerdesk-Signature: sha256=<hex HMAC-SHA256>`. */
  WEBHOOK_SECRET: optionalString,
  /** The address people reach this server at (`https://support.example.com`), for links in alerts. */
  PUBLIC_URL: optionalString.pipe(z.string().url().optional()),
  /**
   * When the team is in, as `mon-fri 09:00-17:30, sat 10:00-14:00` in BUSINESS_TIMEZONE: outside
   * them, "Talk to a person" asks for an email instead of a wait. Unset: always open.
   */
  BUSINESS_HOURS: optionalString,
  /** IANA time zone of BUSINESS_HOURS and BUSINESS_HOLIDAYS. @default 'UTC' */
  BUSINESS_TIMEZONE: z.string().trim().min(1).default('UTC'),
  /** Days the team is out, as `2026-12-25,2027-01-01`. */
  BUSINESS_HOLIDAYS: z.string().default(''),
  /** How long a visitor waits for a person before being offered to leave an email. @default 300000 */
  HANDOFF_TIMEOUT_MS: int(1000, 86_400_000).default(300_000),
  /**
   * Conversations with no activity for this many days are deleted, with their messages, by a
   * purge that runs daily. 0: kept forever. @default 0
   */
  RETENTION_DAYS: int(0, 36_500).default(0),
  /** Grace period for in-flight answers on SIGTERM. @default 10000 */
  SHUTDOWN_GRACE_MS: int(0, 120_000).default(10_000),
  /** The first admin's email, used only while there are no agents. @default 'admin@localhost' */
  ADMIN_EMAIL: z.string().trim().email().or(z.literal('admin@localhost')).default('admin@localhost'),
  /** The first admin's password (at least 8 characters); unset: one is generated and logged once. */
  ADMIN_PASSWORD: optionalString.pipe(z.string().min(8).max(200).optional()),
  /** How long a console sign-in lasts. @default 43200000 (12 hours) */
  AGENT_SESSION_TTL_MS: int(60_000, 30 * 86_400_000).default(12 * 3_600_000),
  /**
   * Key that signs visitor tokens; every node of a cluster must share it. Unset: a random key is
   * created in DATA_DIR on first start and kept there.
   */
  SERVER_SECRET: optionalString.pipe(z.string().min(32, 'at least 32 characters').optional()),
  /** How long a visitor token lasts; each visit renews it. @default 2592000000 (30 days) */
  VISITOR_TOKEN_TTL_MS: int(1000, 400 * 86_400_000).default(30 * 86_400_000),
  /** Secret the site's backend signs visitor identities with (userHash or HS256 JWT). Unset: none verified. */
  WIDGET_IDENTITY_SECRET: optionalString.pipe(z.string().min(16, 'at least 16 characters').optional()),
  /** `1` refuses identities that are not signed with WIDGET_IDENTITY_SECRET. @default false */
  IDENTITY_REQUIRED: bool.default('0'),
  /** Failed sign-ins per email per 15 minutes (five times as many per IP address). @default 10 */
  LOGIN_RATE_LIMIT: int(1, 10_000).default(10),
});

export interface LlmConfig {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  stallMs: number;
  maxRetries: number;
  historyTokens: number;
  temperature: number;
  maxTokens: number;
  /** See LlmSpend. */
  spend: { concurrency: number; queueMs: number; dailyTokens: number; visitorDailyTokens: number };
  /** A LangChain chat model instead of the OpenAI-compatible server (LLM_PROVIDER). */
  langchain?: LangChainSpec;
}

export interface LangChainSpec {
  provider: 'anthropic' | 'google' | 'bedrock' | 'azure' | 'ollama';
  model: string;
  baseUrl?: string;
  apiKey?: string;
  apiVersion: string;
  region?: string;
}

export interface Config {
  port: number;
  host: string;
  knowledgeDir: string;
  /** See KNOWLEDGE_BASE_URL. */
  knowledgeBaseUrl?: string;
  dataDir: string;
  publicDir: string;
  demoPage: boolean;
  /** Path of the word-vector file, or undefined when semantic retrieval is off. */
  wordVectors?: string;
  /** Whether the local sentence encoder embeds chunks and questions (unless an endpoint does). */
  sentenceEncoder: boolean;
  redisUrl?: string;
  redisCommandTimeoutMs: number;
  /** See DATABASE_URL. */
  databaseUrl?: string;
  socketAdapter: 'sharded' | 'pubsub' | 'streams';
  /** Longest an answer delta waits to be joined with the next ones (0: within one event-loop turn). */
  streamBatchMs: number;
  /** Undefined when no LLM is configured: the offline answerer is used. */
  llm?: LlmConfig;
  /** Undefined unless EMBEDDINGS_MODEL is set and an OpenAI-compatible server is configured. */
  embeddings?: { model: string; timeoutMs: number; apiKey: string; baseURL?: string; maxRetries: number };
  /** How the bot names the company or product; unnamed when unset. */
  productName?: string;
  retrieval: { topK: number; minScore: number };
  limits: { maxMessageChars: number; maxBodyBytes: number; maxFileBytes: number; filesPerWindow: number };
  rateLimit: {
    disabled: boolean;
    messages: number;
    ipMessages: number;
    handshakes: number;
    newConversations: number;
    windowMs: number;
  };
  knowledgeDebounceMs: number;
  statsWindowMs: number;
  /** See ALLOWED_ORIGINS; `*` when unset. */
  allowedOrigins: string[] | '*';
  /** TRUST_PROXY as written (see trustProxy). */
  trustProxy?: string;
  hstsMaxAge: number;
  metricsToken?: string;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  shutdownGraceMs: number;
  /** Alert emails (SMTP_URL, SMTP_FROM) and the webhook (WEBHOOK_URL, WEBHOOK_SECRET). */
  alerts: { smtpUrl?: string; smtpFrom: string; webhookUrl?: string; webhookSecret?: string; publicUrl?: string };
  /** RETENTION_DAYS; 0 keeps conversations forever. */
  retentionDays: number;
  /** BUSINESS_HOURS, BUSINESS_TIMEZONE and BUSINESS_HOLIDAYS as written (checked at start); unset: always open, unless set in the console. */
  businessHours?: { hours: string; timeZone: string; holidays: string };
  handoffTimeoutMs: number;
  visitorGoneMs: number;
  admin: { email: string; password?: string };
  agentSessionTtlMs: number;
  loginRateLimit: number;
  visitors: { serverSecret?: string; tokenTtlMs: number; identitySecret?: string; identityRequired: boolean };
}

/** Raised when the environment is invalid; its message names every offending variable. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Throws {@link ConfigError} naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Readonly<Config> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`,
      ),
    );
  }
  const e = parsed.data;
  const issues: string[] = [];
  let origins: string[] | '*' = '*';
  try {
    origins = parseOrigins(e.ALLOWED_ORIGINS ?? e.CORS_ORIGINS ?? '*');
  } catch (err) {
    issues.push(`ALLOWED_ORIGINS: ${(err as Error).message}`);
  }
  try {
    trustProxy(e.TRUST_PROXY);
  } catch (err) {
    issues.push(`TRUST_PROXY: ${(err as Error).message}`);
  }
  const businessHours = e.BUSINESS_HOURS
    ? { hours: e.BUSINESS_HOURS, timeZone: e.BUSINESS_TIMEZONE, holidays: e.BUSINESS_HOLIDAYS }
    : undefined;
  try {
    if (businessHours) BusinessHours.parse(businessHours.hours, businessHours.timeZone, businessHours.holidays);
  } catch (err) {
    if (!(err instanceof ScheduleError)) throw err;
    issues.push(`BUSINESS_HOURS: ${err.message}`);
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const [kind, provider, ...model] = e.LLM_PROVIDER.split(':');
  const langchain: LangChainSpec | undefined =
    kind === 'langchain'
      ? {
          provider: provider as LangChainSpec['provider'],
          model: model.join(':'),
          baseUrl: e.LLM_BASE_URL,
          apiKey: e.LLM_API_KEY,
          apiVersion: e.LLM_API_VERSION,
          region: e.LLM_REGION,
        }
      : undefined;
  const llmEnabled = Boolean(langchain || e.OPENAI_API_KEY || e.OPENAI_BASE_URL);
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    knowledgeDir: path.resolve(cwd, e.KNOWLEDGE_DIR),
    knowledgeBaseUrl: e.KNOWLEDGE_BASE_URL,
    dataDir: path.resolve(cwd, e.DATA_DIR),
    // src/config.ts and dist/config.ts both sit one level under the project root.
    publicDir: e.PUBLIC_DIR ? path.resolve(cwd, e.PUBLIC_DIR) : path.resolve(__dirname, '..', 'dist', 'public'),
    demoPage: e.DEMO_PAGE,
    wordVectors:
      e.WORD_VECTORS === 'none'
        ? undefined
        : e.WORD_VECTORS
          ? path.resolve(cwd, e.WORD_VECTORS)
          : DEFAULT_WORD_VECTORS_FILE,
    sentenceEncoder: e.SENTENCE_ENCODER,
    redisUrl: e.REDIS_URL,
    redisCommandTimeoutMs: e.REDIS_COMMAND_TIMEOUT_MS,
    databaseUrl: e.DATABASE_URL,
    socketAdapter: e.SOCKET_ADAPTER,
    streamBatchMs: e.STREAM_BATCH_MS ?? (e.REDIS_URL ? 40 : 0),
    llm: llmEnabled
      ? {
          // Local OpenAI-compatible servers ignore the key, but the SDK insists on one.
          apiKey: e.OPENAI_API_KEY ?? 'not-needed',
          baseURL: e.OPENAI_BASE_URL,
          model: langchain ? `${langchain.provider}:${langchain.model}` : e.OPENAI_MODEL,
          timeoutMs: e.LLM_TIMEOUT_MS,
          stallMs: Math.min(e.LLM_STALL_MS, e.LLM_TIMEOUT_MS),
          maxRetries: e.LLM_MAX_RETRIES,
          historyTokens: e.LLM_HISTORY_TOKENS,
          temperature: e.LLM_TEMPERATURE,
          maxTokens: e.LLM_MAX_TOKENS,
          spend: {
            concurrency: e.LLM_CONCURRENCY,
            queueMs: e.LLM_QUEUE_MS,
            dailyTokens: e.LLM_DAILY_TOKENS,
            visitorDailyTokens: e.LLM_VISITOR_DAILY_TOKENS,
          },
          ...(langchain ? { langchain } : {}),
        }
      : undefined,
    embeddings:
      (e.OPENAI_API_KEY || e.OPENAI_BASE_URL) && e.EMBEDDINGS_MODEL
        ? {
            model: e.EMBEDDINGS_MODEL,
            timeoutMs: e.EMBEDDINGS_TIMEOUT_MS,
            apiKey: e.OPENAI_API_KEY ?? 'not-needed',
            baseURL: e.OPENAI_BASE_URL,
            maxRetries: e.LLM_MAX_RETRIES,
          }
        : undefined,
    productName: e.PRODUCT_NAME,
    retrieval: { topK: e.RETRIEVAL_TOP_K, minScore: e.RETRIEVAL_MIN_SCORE },
    limits: {
      maxMessageChars: e.MAX_MESSAGE_CHARS,
      maxBodyBytes: e.MAX_BODY_BYTES,
      maxFileBytes: e.MAX_FILE_BYTES,
      filesPerWindow: e.RATE_LIMIT_FILES,
    },
    rateLimit: {
      disabled: e.RATE_LIMIT_DISABLED,
      messages: e.RATE_LIMIT_MESSAGES,
      ipMessages: e.RATE_LIMIT_IP_MESSAGES,
      handshakes: e.RATE_LIMIT_HANDSHAKES,
      newConversations: e.RATE_LIMIT_NEW_CONVERSATIONS,
      windowMs: e.RATE_LIMIT_WINDOW_MS,
    },
    knowledgeDebounceMs: e.KNOWLEDGE_DEBOUNCE_MS,
    statsWindowMs: e.STATS_WINDOW_MS,
    allowedOrigins: origins,
    trustProxy: e.TRUST_PROXY,
    hstsMaxAge: e.HSTS_MAX_AGE,
    metricsToken: e.METRICS_TOKEN,
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    retentionDays: e.RETENTION_DAYS,
    alerts: {
      smtpUrl: e.SMTP_URL,
      smtpFrom: e.SMTP_FROM ?? `Answerdesk <answerdesk@${e.PUBLIC_URL ? new URL(e.PUBLIC_URL).hostname : 'localhost'}>`,
      webhookUrl: e.WEBHOOK_URL,
      webhookSecret: e.WEBHOOK_SECRET,
      publicUrl: e.PUBLIC_URL,
    },
    businessHours,
    handoffTimeoutMs: e.HANDOFF_TIMEOUT_MS,
    visitorGoneMs: e.VISITOR_GONE_MS,
    admin: { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD },
    agentSessionTtlMs: e.AGENT_SESSION_TTL_MS,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    visitors: {
      serverSecret: e.SERVER_SECRET,
      tokenTtlMs: e.VISITOR_TOKEN_TTL_MS,
      identitySecret: e.WIDGET_IDENTITY_SECRET,
      identityRequired: e.IDENTITY_REQUIRED,
    },
  };
  if (e.REDIS_URL && !e.SERVER_SECRET) {
    throw new ConfigError([
      'SERVER_SECRET: needed with REDIS_URL, since every node must sign and check visitor tokens with the same key',
    ]);
  }
  if (e.IDENTITY_REQUIRED && !e.WIDGET_IDENTITY_SECRET) {
    throw new ConfigError(['IDENTITY_REQUIRED: needs WIDGET_IDENTITY_SECRET, the secret identities are signed with']);
  }
  return deepFreeze(config);
}

function deepFreeze<T extends object>(o: T): Readonly<T> {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}
