/**
 * Data shapes of the HTTP API under /api/v1 that the console reads, shared by the server's
 * routes and the console. Type-only: importing this file adds nothing to a browser bundle.
 */
import type { Latency } from './dto';

export type AgentRole = 'admin' | 'agent';

/** An agent account as the API returns it (never with its password hash). */
export interface Agent {
  id: string;
  /** Lower-case; unique. */
  email: string;
  name: string;
  role: AgentRole;
  createdAt: string;
}

/** A reply the team keeps ready, inserted in the console with `/shortcut`. */
export interface CannedReply {
  id: string;
  /** Lower-case letters, digits and dashes, unique. */
  shortcut: string;
  text: string;
  updatedAt: string;
}

/** `POST /auth/login`. */
export interface LoginResult {
  token: string;
  agent: Agent;
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

/** A knowledge file as the editor lists it. */
export interface KnowledgeFile {
  path: string;
  title: string;
  url?: string;
  draft: boolean;
  version: string;
  bytes: number;
  updatedAt: string;
  /** Chunks in the index; 0 for drafts and files that are not indexed. */
  chunks: number;
}

export interface KnowledgeFileContent extends KnowledgeFile {
  content: string;
}

/** `GET /knowledge/search`: one passage the bot would retrieve. */
export interface SearchResult {
  path: string;
  title: string;
  heading: string | null;
  url: string | null;
  text: string;
  /** Retrieval confidence in [0, 1]. */
  score: number;
}

/** Questions the bot could not answer (or that were rated down), grouped by wording. */
export interface GapGroup {
  /** The most typical question of the group (the one sharing most words with the others). */
  question: string;
  count: number;
  unanswered: number;
  ratedDown: number;
  lastAskedAt: string;
  /** Up to five different wordings, newest first. */
  examples: string[];
  conversationIds: string[];
  /** Where "write an article for this" creates the new file. */
  suggestedPath: string;
}

/** Percentiles of a latency, in ms; null with no samples. */
export interface Summary {
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

/** How the LLM upstream is doing on the node that answered (see LlmHealth). */
export interface LlmHealthSnapshot {
  /** Upstream calls that failed since start, by reason (the visitor got an offline answer). */
  failures: { error: number; rate_limited: number; stall: number; deadline: number };
  /** Failed calls since the last success. */
  consecutiveFailures: number;
  lastError?: { at: string; reason: 'error' | 'rate_limited' | 'stall' | 'deadline'; message: string };
  lastSuccessAt?: string;
}

/** `GET /stats/llm`: what the LLM cost today (UTC) on the node that answered. */
export interface LlmUsage {
  /** False when answers are composed offline (no LLM configured). */
  enabled: boolean;
  day: string;
  tokens: number;
  /** LLM_DAILY_TOKENS; 0 when there is no daily limit. */
  dailyTokens: number;
  /** Answers composed offline today because a budget was spent, or every slot stayed busy. */
  refused: { budget: number; busy: number };
  health: LlmHealthSnapshot;
}

/** `GET /stats`. */
export interface AnswerStats {
  windowMs: number;
  since: string;
  answers: number;
  /** Share of answers where the knowledge base covered the question; null with no answers. */
  answeredRate: number | null;
  retrievalMs: Summary;
  firstTokenMs: Summary;
  totalMs: Summary;
}

/** One bucket of `GET /stats/series`. */
export interface SeriesPoint {
  /** Bucket start, ISO 8601. */
  at: string;
  answers: number;
  firstTokenMs: Summary;
  totalMs: Summary;
}

/** One of `GET /stats/slowest`. */
export interface SlowAnswer {
  messageId: string;
  conversationId: string;
  createdAt: string;
  answered: boolean;
  latency: Latency;
}
