import type { ProtocolError } from '../../../src/protocol/dto';
import type { KeyValueStore } from '../storage';

/** A message the visitor wrote that the server has not acknowledged yet. */
export interface Pending {
  clientMessageId: string;
  text: string;
  createdAt: string;
  /** `failed`: refused for good (too long, empty); shown with the error, never resent. */
  status: 'queued' | 'failed';
  error?: ProtocolError;
  /** Not before this time (ms since epoch): the server asked us to wait. */
  notBefore?: number;
}

const KEY = 'outbox';

/**
 * Messages waiting for the server's ack, in the order written, kept in the tab's storage so a
 * reload or a page change while offline loses nothing. Each keeps its clientMessageId for life,
 * so however often it is resent the server stores it once.
 */
export class Outbox {
  private items: Pending[];

  constructor(
    private readonly store: KeyValueStore,
    private readonly newId: () => string,
  ) {
    this.items = parse(store.get(KEY));
  }

  all(): readonly Pending[] {
    return this.items;
  }

  add(text: string, now = Date.now()): Pending {
    const item: Pending = {
      clientMessageId: this.newId(),
      text,
      createdAt: new Date(now).toISOString(),
      status: 'queued',
    };
    this.items = [...this.items, item];
    this.save();
    return item;
  }

  /** The oldest message that may be sent now; later ones wait so the order is kept. */
  next(now = Date.now()): Pending | undefined {
    const first = this.items.find((i) => i.status === 'queued');
    return first && (first.notBefore ?? 0) <= now ? first : undefined;
  }

  /** ms until the next message may be sent, or undefined when nothing is waiting. */
  waitMs(now = Date.now()): number | undefined {
    const first = this.items.find((i) => i.status === 'queued');
    return first ? Math.max(0, (first.notBefore ?? 0) - now) : undefined;
  }

  /** The server stored it: the stored message takes its place. */
  acked(clientMessageId: string): void {
    this.update(this.items.filter((i) => i.clientMessageId !== clientMessageId));
  }

  /** Rate limited or the server asked us to come back later. */
  retryAfter(clientMessageId: string, ms: number, now = Date.now()): void {
    this.update(this.items.map((i) => (i.clientMessageId === clientMessageId ? { ...i, notBefore: now + ms } : i)));
  }

  fail(clientMessageId: string, error: ProtocolError): void {
    this.update(
      this.items.map((i) => (i.clientMessageId === clientMessageId ? { ...i, status: 'failed' as const, error } : i)),
    );
  }

  /** The visitor dismissed a failed message. */
  remove(clientMessageId: string): void {
    this.update(this.items.filter((i) => i.clientMessageId !== clientMessageId));
  }

  private update(items: Pending[]): void {
    this.items = items;
    this.save();
  }

  private save(): void {
    this.store.set(KEY, this.items.length ? JSON.stringify(this.items) : undefined);
  }
}

function parse(raw: string | undefined): Pending[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v)
      ? v.filter(
          (i): i is Pending =>
            !!i &&
            typeof i.clientMessageId === 'string' &&
            typeof i.text === 'string' &&
            typeof i.createdAt === 'string' &&
            (i.status === 'queued' || i.status === 'failed'),
        )
      : [];
  } catch {
    return [];
  }
}
