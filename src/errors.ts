/**
 * The one error type of the service. `code` is stable and part of protocol v1; `message` is
 * the only text a client ever sees (never a stack, never an upstream's message).
 */
export const ERROR_CATALOGUE = {
  invalid_request: { status: 400, message: 'The request is not valid.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  empty_message: { status: 400, message: 'The message is empty.' },
  message_too_long: { status: 400, message: 'The message is too long.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  file_too_large: { status: 413, message: 'The file is too large.' },
  unsupported_file_type: {
    status: 415,
    message: 'This kind of file cannot be sent. Send a photo (JPEG, PNG, GIF, WebP), a PDF or a text file.',
  },
  file_not_found: { status: 404, message: 'File not found.' },
  uploads_disabled: { status: 403, message: 'Sending files is turned off on this site.' },
  unknown_event: { status: 400, message: 'Unknown event.' },
  not_found: { status: 404, message: 'Not found.' },
  conversation_not_found: { status: 404, message: 'Conversation not found.' },
  message_not_found: { status: 404, message: 'Message not found.' },
  unauthorized: { status: 401, message: 'Sign in first.' },
  identity_invalid: { status: 401, message: 'The visitor identity could not be verified.' },
  invalid_credentials: { status: 401, message: 'Wrong email or password.' },
  forbidden: { status: 403, message: 'Not allowed.' },
  email_taken: { status: 409, message: 'An agent with this email already exists.' },
  shortcut_taken: { status: 409, message: 'Another canned reply has this shortcut.' },
  last_admin: { status: 409, message: 'The last admin cannot be removed.' },
  conversation_taken: { status: 409, message: 'Another agent is handling this conversation.' },
  conversation_closed: { status: 409, message: 'This conversation is closed.' },
  version_conflict: { status: 409, message: 'The file changed since you opened it.' },
  file_exists: { status: 409, message: 'A file with that name already exists.' },
  invalid_path: { status: 400, message: 'That is not a valid knowledge file path.' },
  rate_limited: { status: 429, message: 'Too many messages. Please wait a moment.' },
  unavailable: { status: 503, message: 'The service is not ready yet.' },
  internal: { status: 500, message: 'Something went wrong on our side. Please try again.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Wire shape of an error, over HTTP (`{ error }`) and in acks (`{ ok: false, error }`). */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Present on `rate_limited`: how long to wait before retrying. */
  retryAfterMs?: number;
  /** Present on `invalid_request`: which field was wrong. */
  field?: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly opts: { retryable?: boolean; retryAfterMs?: number; field?: string; cause?: unknown } = {},
  ) {
    super(message ?? ERROR_CATALOGUE[code].message, { cause: opts.cause });
    this.name = 'AppError';
    this.status = ERROR_CATALOGUE[code].status;
  }

  get retryable(): boolean {
    return this.opts.retryable ?? (this.code === 'rate_limited' || this.code === 'unavailable');
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.opts.retryAfterMs !== undefined) body.retryAfterMs = this.opts.retryAfterMs;
    if (this.opts.field !== undefined) body.field = this.opts.field;
    return body;
  }
}

/** Maps anything thrown to an AppError; unknown errors become `internal` with no detail leaked. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  return new AppError('internal', undefined, { cause: err });
}
