import pino from 'pino';

/** Root logger; modules take `logger.child({ module })`. Message text never goes in at info. */
export function createLogger(level: string): pino.Logger {
  return pino({ level, base: undefined, redact: ['apiKey', 'token', 'password', 'authorization'] });
}

export type Logger = pino.Logger;
