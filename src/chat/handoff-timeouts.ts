import type { HistoryStore } from '../history/history-store';
import type { Logger } from '../logger';
import type { Handoff } from './handoff';

/** Waiting conversations looked at per sweep. */
const MAX_WAITING = 500;

/**
 * Looks for visitors who have waited past HANDOFF_TIMEOUT_MS, on every node: expiring one is a
 * compare-and-set on its owner (see Handoff.expire), so two nodes never both expire it, and one
 * an agent joined meanwhile is left alone.
 */
export class HandoffTimeouts {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(private readonly o: { history: HistoryStore; handoff: Handoff; timeoutMs: number; logger: Logger }) {}

  start(): void {
    // Often enough that a wait ends within a tenth of the time-out (and at most 10 s) past it.
    const every = Math.min(10_000, Math.max(250, Math.floor(this.o.timeoutMs / 10)));
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const waiting = await this.o.history.listConversations({ mode: 'waiting', limit: MAX_WAITING });
      let n = 0;
      for (const c of this.o.handoff.expired(waiting)) if (await this.o.handoff.expire(c)) n++;
      return n;
    } catch (err) {
      this.o.logger.warn({ err }, 'could not check waiting visitors');
      return 0;
    } finally {
      this.running = false;
    }
  }
}
