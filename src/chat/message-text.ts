import { AppError } from '../errors';

/** Trims and checks a message's text; throws `empty_message` or `message_too_long`. */
export function validateMessageText(raw: string, maxChars: number): string {
  // NUL and other control characters (except tab and newlines) have no place in chat text.
  const text = raw.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').trim();
  if (text.length === 0) throw new AppError('empty_message', undefined, { field: 'text' });
  if (text.length > maxChars)
    throw new AppError('message_too_long', `The message is too long (at most ${maxChars} characters).`, {
      field: 'text',
    });
  return text;
}
