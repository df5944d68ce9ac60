import { z } from 'zod';
import { ATTACHMENT_TYPES } from './formats';
import type { Conversation, Latency, Message, ProtocolError, Source, VisitorIdentity } from './dto';
import type {
  Agent,
  AnswerStats,
  CannedReply,
  GapGroup,
  KnowledgeChange,
  KnowledgeFile,
  KnowledgeFileContent,
  LlmUsage,
  LoginResult,
  SearchResult,
  SeriesPoint,
  SlowAnswer,
} from './http-api';

/**
 * What the HTTP API returns, as zod schemas for its OpenAPI document (see http/openapi.ts). The
 * types in dto.ts and http-api.ts stay the wire's definition (browsers import them without zod);
 * the checks at the end of this file fail the type check when a schema and its type part ways.
 */
const iso = z.string().describe('ISO 8601 date-time');

export const sourceSchema = z.object({
  path: z.string(),
  title: z.string(),
  heading: z.string().optional(),
  url: z.string().optional(),
  score: z.number().min(0).max(1),
});

export const latencySchema = z.object({ retrievalMs: z.number(), firstTokenMs: z.number(), totalMs: z.number() });

export const attachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(ATTACHMENT_TYPES),
  size: z.number().int(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
});

export const messageSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  role: z.enum(['visitor', 'bot', 'agent', 'system', 'note']),
  text: z.string(),
  createdAt: iso,
  sources: z.array(sourceSchema).optional(),
  answered: z.boolean().optional(),
  latency: latencySchema.optional(),
  rating: z.enum(['up', 'down']).optional(),
  clientMessageId: z.string().optional(),
  replyTo: z.string().optional(),
  author: z.object({ id: z.string(), name: z.string() }).optional(),
  attachments: z.array(attachmentSchema).optional(),
});

export const visitorIdentitySchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  userId: z.string().optional(),
  verified: z.boolean().optional(),
});

const contextSchema = z.object({
  pageUrl: z.string().optional(),
  pageTitle: z.string().optional(),
  referrer: z.string().optional(),
  browser: z.string().optional(),
  os: z.string().optional(),
  locale: z.string().optional(),
  timeZone: z.string().optional(),
});

export const conversationSchema = z.object({
  id: z.string(),
  visitorId: z.string(),
  mode: z.enum(['bot', 'waiting', 'agent', 'closed']),
  ownerAgentId: z.string().optional(),
  lastMessageAt: iso,
  createdAt: iso,
  unread: z.number().int(),
  preview: z.string(),
  unanswered: z.number().int(),
  identity: visitorIdentitySchema.optional(),
  waitingSince: iso.optional(),
  contact: z.object({ email: z.string(), message: z.string().optional(), at: iso }).optional(),
  context: contextSchema.optional(),
  tags: z.array(z.string()).optional(),
  feedback: z.object({ score: z.number().int().min(1).max(5), comment: z.string().optional(), at: iso }).optional(),
});

export const visitorHistorySchema = z.object({ firstSeen: iso, earlier: z.array(conversationSchema) });

export const protocolErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryAfterMs: z.number().optional(),
  field: z.string().optional(),
});

export const errorBodySchema = z.object({ error: protocolErrorSchema });

export const agentSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(['admin', 'agent']),
  createdAt: iso,
});

export const cannedReplySchema = z.object({ id: z.string(), shortcut: z.string(), text: z.string(), updatedAt: iso });

export const loginResultSchema = z.object({ token: z.string(), agent: agentSchema, expiresAt: iso });

export const knowledgeChangeSchema = z.object({
  at: iso,
  agentId: z.string(),
  agentName: z.string(),
  action: z.enum(['create', 'update', 'delete', 'rename']),
  path: z.string(),
  from: z.string().optional(),
  version: z.string().optional(),
});

export const knowledgeFileSchema = z.object({
  path: z.string(),
  title: z.string(),
  url: z.string().optional(),
  draft: z.boolean(),
  version: z.string(),
  bytes: z.number().int(),
  updatedAt: iso,
  chunks: z.number().int(),
});

export const knowledgeFileContentSchema = knowledgeFileSchema.extend({ content: z.string() });

export const searchResultSchema = z.object({
  path: z.string(),
  title: z.string(),
  heading: z.string().nullable(),
  url: z.string().nullable(),
  text: z.string(),
  score: z.number(),
});

export const gapGroupSchema = z.object({
  question: z.string(),
  count: z.number().int(),
  unanswered: z.number().int(),
  ratedDown: z.number().int(),
  lastAskedAt: iso,
  examples: z.array(z.string()),
  conversationIds: z.array(z.string()),
  suggestedPath: z.string(),
});

const summarySchema = z.object({
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
});

const failureReason = z.enum(['error', 'rate_limited', 'stall', 'deadline']);

export const llmUsageSchema = z.object({
  enabled: z.boolean(),
  day: z.string(),
  tokens: z.number(),
  dailyTokens: z.number(),
  refused: z.object({ budget: z.number(), busy: z.number() }),
  health: z.object({
    failures: z.object({ error: z.number(), rate_limited: z.number(), stall: z.number(), deadline: z.number() }),
    consecutiveFailures: z.number(),
    lastError: z.object({ at: iso, reason: failureReason, message: z.string() }).optional(),
    lastSuccessAt: iso.optional(),
  }),
});

export const answerStatsSchema = z.object({
  windowMs: z.number(),
  since: iso,
  answers: z.number().int(),
  answeredRate: z.number().nullable(),
  retrievalMs: summarySchema,
  firstTokenMs: summarySchema,
  totalMs: summarySchema,
});

export const seriesPointSchema = z.object({
  at: iso,
  answers: z.number().int(),
  firstTokenMs: summarySchema,
  totalMs: summarySchema,
});

export const slowAnswerSchema = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  createdAt: iso,
  answered: z.boolean(),
  latency: latencySchema,
});

/** Compiles only when the schema's output and the type are each assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
export type SchemasMatchTypes = [
  Check<Same<z.infer<typeof sourceSchema>, Source>>,
  Check<Same<z.infer<typeof latencySchema>, Latency>>,
  Check<Same<z.infer<typeof messageSchema>, Message>>,
  Check<Same<z.infer<typeof visitorIdentitySchema>, VisitorIdentity>>,
  Check<Same<z.infer<typeof conversationSchema>, Conversation>>,
  Check<Same<z.infer<typeof protocolErrorSchema>, ProtocolError>>,
  Check<Same<z.infer<typeof agentSchema>, Agent>>,
  Check<Same<z.infer<typeof loginResultSchema>, LoginResult>>,
  Check<Same<z.infer<typeof knowledgeChangeSchema>, KnowledgeChange>>,
  Check<Same<z.infer<typeof knowledgeFileSchema>, KnowledgeFile>>,
  Check<Same<z.infer<typeof knowledgeFileContentSchema>, KnowledgeFileContent>>,
  Check<Same<z.infer<typeof searchResultSchema>, SearchResult>>,
  Check<Same<z.infer<typeof gapGroupSchema>, GapGroup>>,
  Check<Same<z.infer<typeof llmUsageSchema>, LlmUsage>>,
  Check<Same<z.infer<typeof answerStatsSchema>, AnswerStats>>,
  Check<Same<z.infer<typeof seriesPointSchema>, SeriesPoint>>,
  Check<Same<z.infer<typeof slowAnswerSchema>, SlowAnswer>>,
  Check<Same<z.infer<typeof cannedReplySchema>, CannedReply>>,
];
