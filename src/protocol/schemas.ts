import { z } from 'zod';
import { LANGUAGE_TAG } from './formats';

/**
 * Runtime validation of everything a client can send (server side only; browsers import the
 * types in dto.ts, not zod). Text length is checked by the chat service against config.
 */
export const idSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

/** A visitor token as the server issues it (see VisitorTokens): opaque to clients, bounded here. */
export const visitorTokenSchema = z
  .string()
  .max(512)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'not a visitor token');

export const identitySchema = z
  .object({
    name: z.string().trim().max(120).optional(),
    email: z.string().trim().email().max(254).optional(),
    userId: z.string().trim().min(1).max(200).optional(),
    userHash: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'the hex HMAC-SHA256 of userId')
      .optional(),
    jwt: z.string().max(4096).optional(),
  })
  .strict();

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

/** What the widget reports of the page it is on, for agents (see VisitorContext). */
export const visitorContextSchema = z
  .object({
    pageUrl: httpUrl.optional(),
    pageTitle: z.string().trim().max(300).optional(),
    referrer: z.union([httpUrl, z.literal('').transform(() => undefined)]).optional(),
    locale: z.string().regex(LANGUAGE_TAG, 'a language tag such as fr-FR').max(35).optional(),
    timeZone: z
      .string()
      .regex(/^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*$/, 'an IANA time zone such as Europe/Paris')
      .max(64)
      .optional(),
  })
  .strict();

/**
 * Ids are the server's to give: a client names itself only with the token it was issued. Other
 * keys pass: Socket.IO's connection-state recovery adds its own (`pid`, `offset`).
 */
export const visitorAuthSchema = z.object({
  token: visitorTokenSchema.optional(),
  conversationId: idSchema.optional(),
  identity: identitySchema.optional(),
  context: visitorContextSchema.optional(),
  visitorId: z.undefined({ invalid_type_error: 'is not accepted: a visitor is named by its token' }),
});

/** The headers that come with a file's bytes. */
export const fileUploadHeadersSchema = z
  .object({
    /** The file's name, URL-encoded (headers carry ASCII only). */
    name: z
      .string({ required_error: 'X-File-Name is required' })
      .max(1000)
      .transform((v, ctx) => {
        try {
          return decodeURIComponent(v).slice(0, 255);
        } catch {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'X-File-Name must be URL-encoded' });
          return z.NEVER;
        }
      }),
    clientMessageId: idSchema,
  })
  .strict();

export const messageSendSchema = z.object({ clientMessageId: idSchema, text: z.string() }).strict();

export const feedbackSchema = z.object({ messageId: idSchema, rating: z.enum(['up', 'down']) }).strict();

export const typingSchema = z.object({ on: z.boolean() }).strict();

export const handoffSchema = z.object({ reason: z.string().max(500).optional() }).strict();

export const conversationFeedbackSchema = z
  .object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() })
  .strict();

export const transcriptEmailSchema = z.object({ email: z.string().trim().email().max(254) }).strict();

export const handoffMessageSchema = z
  .object({ email: z.string().trim().email().max(254), message: z.string().trim().max(4000).optional() })
  .strict();

export const chatBodySchema = z
  .object({
    text: z.string(),
    conversationId: idSchema.optional(),
    token: visitorTokenSchema.optional(),
    identity: identitySchema.optional(),
    context: visitorContextSchema.optional(),
    clientMessageId: idSchema.optional(),
  })
  .strict();

/* Namespace /agent and the console's API. */

export const agentAuthSchema = z
  .object({ token: z.string().min(1).max(200), away: z.boolean().optional() })
  .passthrough();

export const agentStatusSchema = z.object({ away: z.boolean() }).strict();

export const emptySchema = z.object({}).strict();

export const conversationRefSchema = z.object({ conversationId: idSchema }).strict();

export const agentReplySchema = z
  .object({ conversationId: idSchema, clientMessageId: idSchema, text: z.string() })
  .strict();

export const tagsSchema = z
  .object({
    tags: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(40)
          .regex(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, 'letters, digits, spaces, _ and -'),
      )
      .max(10),
  })
  .strict();

export const cannedReplySchema = z
  .object({
    shortcut: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'letters, digits and dashes, up to 32'),
    text: z.string().trim().min(1).max(4000),
  })
  .strict();

export const businessHoursSchema = z
  .object({
    hours: z.string().trim().max(500),
    timeZone: z.string().trim().min(1).max(64),
    holidays: z.string().trim().max(2000).default(''),
  })
  .strict();

export const assignSchema = z.object({ agentId: idSchema }).strict();

export const agentTypingSchema = z.object({ conversationId: idSchema, on: z.boolean() }).strict();

export const loginSchema = z
  .object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(200) })
  .strict();

export const passwordChangeSchema = z
  .object({
    password: z.string().min(8, 'at least 8 characters').max(200),
    /** Required when agents change their own password. */
    currentPassword: z.string().max(200).optional(),
  })
  .strict();

export const agentProfileSchema = z.object({ name: z.string().trim().min(1).max(120) }).strict();

export const newAgentSchema = z
  .object({
    email: z.string().trim().email().max(254),
    name: z.string().trim().min(1).max(120),
    role: z.enum(['admin', 'agent']),
    password: z.string().min(8, 'at least 8 characters').max(200),
  })
  .strict();

const isoDate = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'a date or date-time (ISO 8601)')
  .transform((s) => new Date(s).toISOString());

export const conversationQuerySchema = z
  .object({
    q: z.string().trim().max(200).optional(),
    mode: z.enum(['bot', 'waiting', 'agent', 'closed']).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    unanswered: z.enum(['1', 'true']).optional(),
    /** Only offline messages (a visitor's email left when nobody could join) not yet closed. */
    offline: z.enum(['1', 'true']).optional(),
    tag: z.string().trim().toLowerCase().min(1).max(40).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

export const exportQuerySchema = conversationQuerySchema.extend({
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

// The size limit (2 MB) is the body parser's and the knowledge service's, answered with 413.
export const knowledgeWriteSchema = z
  .object({ content: z.string(), baseVersion: z.string().max(64).optional() })
  .strict();

export const knowledgeRenameSchema = z
  .object({
    from: z.string().min(1).max(512),
    to: z.string().min(1).max(512),
    baseVersion: z.string().max(64).optional(),
  })
  .strict();

export const knowledgeDeleteQuerySchema = z.object({ baseVersion: z.string().max(64).optional() }).strict();

export const knowledgeChangesQuerySchema = z.object({ path: z.string().max(512).optional() }).strict();

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'is required').max(1000),
  k: z.coerce.number().int().min(1).max(50).default(10),
  /** The asker's language tag (`de`, `fr-CA`): it settles a short question whose words could be in two languages. */
  lang: z.string().regex(LANGUAGE_TAG, 'must be a language tag such as de or fr-CA').max(35).optional(),
});

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `?window=` as `90s`, `15m`, `1h`, `7d` or plain milliseconds; parsed to milliseconds. */
const windowSchema = z
  .string()
  .regex(/^\d+(?:ms|s|m|h|d)?$/, 'must look like 15m, 1h, 7d or a number of ms')
  .transform((w) => {
    const m = /^(\d+)(ms|s|m|h|d)?$/.exec(w)!;
    return Number(m[1]) * (m[2] && m[2] !== 'ms' ? UNITS[m[2]] : 1);
  })
  .pipe(
    z
      .number()
      .int()
      .min(1000, 'must be at least 1s')
      .max(30 * 86_400_000, 'must be at most 30d'),
  );

export const statsQuerySchema = z.object({ window: windowSchema.optional() }).strict();

export const seriesQuerySchema = z
  .object({ window: windowSchema.default('1h'), buckets: z.coerce.number().int().min(1).max(500).default(30) })
  .strict();

export const slowestQuerySchema = z
  .object({ window: windowSchema.default('1h'), limit: z.coerce.number().int().min(1).max(100).default(10) })
  .strict();

export const gapsQuerySchema = z
  .object({ window: windowSchema.default('7d'), limit: z.coerce.number().int().min(1).max(5000).default(1000) })
  .strict();
