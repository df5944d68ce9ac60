import { z } from 'zod';

/**
 * Runtime validation of everything a client can send (server side only; browsers import the
 * types in dto.ts, not zod). Text length is checked by the chat service against config.
 */
export const idSchema = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only');

export const identitySchema = z
  .object({ name: z.string().trim().max(120).optional(), email: z.string().trim().email().max(254).optional() })
  .strict();

export const visitorAuthSchema = z
  .object({ visitorId: idSchema.optional(), conversationId: idSchema.optional(), identity: identitySchema.optional() })
  .passthrough();

export const messageSendSchema = z.object({ clientMessageId: idSchema, text: z.string() }).strict();

export const feedbackSchema = z.object({ messageId: idSchema, rating: z.enum(['up', 'down']) }).strict();

export const typingSchema = z.object({ on: z.boolean() }).strict();

export const handoffSchema = z.object({ reason: z.string().max(500).optional() }).strict();

export const chatBodySchema = z
  .object({
    text: z.string(),
    conversationId: idSchema.optional(),
    visitorId: idSchema.optional(),
    clientMessageId: idSchema.optional(),
  })
  .strict();
