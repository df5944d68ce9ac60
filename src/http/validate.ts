import type { z } from 'zod';
import { AppError } from '../errors';

/** Parses untrusted input or throws `invalid_request` naming the first bad field. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, value: unknown, what = 'body'): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.join('.') || undefined;
  throw new AppError('invalid_request', `Invalid ${field ?? what}: ${issue.message}.`, { field });
}
