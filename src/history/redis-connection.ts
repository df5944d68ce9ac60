import { createClient } from 'redis';
import { AppError } from '../errors';

export type RedisClient = ReturnType<typeof createClient>;

/** What the server does while Redis does not answer (see connectRedis). */
export interface RedisOptions {
  /** Longest a command may take before it fails with `unavailable` (REDIS_COMMAND_TIMEOUT_MS). @default 2000 */
  commandTimeoutMs?: number;
}

/** Commands waiting for a connection, at most; past this they fail at once instead of piling up. */
const MAX_QUEUED_COMMANDS = 5000;

/**
 * A connected client for the Redis-backed stores. It reconnects by itself, backing off; without
 * an error listener a dropped connection would crash the process. Every command fails with a
 * typed, retryable `unavailable` after `commandTimeoutMs` (a Redis that is stopped, not gone,
 * would otherwise hold every caller forever), and the queue of commands waiting for a
 * connection is bounded. Rejects when Redis cannot be reached at first.
 */
export async function connectRedis(url: string, opts: RedisOptions = {}): Promise<RedisClient> {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(retries * 100, 2000), connectTimeout: 5000 },
    commandsQueueMaxLength: MAX_QUEUED_COMMANDS,
  });
  client.on('error', () => undefined);
  await client.connect();
  return withCommandTimeout(client, opts.commandTimeoutMs ?? 2000);
}

/**
 * The client, its promise-returning methods (and those of the transactions it starts) bounded
 * by `ms`. A command that times out may still run when Redis comes back: every write the stores
 * make is idempotent or keyed, so a retry cannot double it.
 */
export function withCommandTimeout<T extends object>(client: T, ms: number): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      // The target as receiver: the client's getters read private fields, which a proxy has not.
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function' || prop === 'on' || prop === 'once' || prop === 'off') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) return timed(result, ms);
        // Chained calls (a transaction's commands) return the transaction: keep it wrapped.
        if (result === target) return receiver;
        // A transaction or pipeline: its exec() is where it waits for Redis.
        if (result && typeof result === 'object' && (prop === 'multi' || prop === 'MULTI'))
          return withCommandTimeout(result as object, ms);
        return result;
      };
    },
  });
}

function timed<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError('unavailable', 'The data store is not answering. Please try again.')),
      ms,
    );
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
