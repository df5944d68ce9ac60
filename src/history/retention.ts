import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import type { HistoryStore } from './history-store';

const DAY_MS = 86_400_000;
/** The first purge waits for start-up to settle; then one a day. */
const FIRST_RUN_MS = 60_000;

/**
 * RETENTION_DAYS: conversations with no activity for that many days are deleted, with their
 * messages, once a day on every node (a purge is idempotent, so nodes need not agree on who).
 */
export class RetentionPurge {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly o: {
      history: HistoryStore;
      days: number;
      metrics: Metrics;
      logger: Logger;
      /** Removes what is kept beside the deleted conversations (their files). */
      afterDeletion?: () => Promise<unknown>;
    },
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    if (this.o.days <= 0 || this.timer) return;
    const schedule = (ms: number) => {
      this.timer = setTimeout(() => {
        void this.runOnce().finally(() => {
          if (this.timer) schedule(DAY_MS);
        });
      }, ms);
      this.timer.unref();
    };
    schedule(FIRST_RUN_MS);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Deletes what is older than the retention period; returns how many conversations went. */
  async runOnce(): Promise<number> {
    const cutoff = new Date(this.now() - this.o.days * DAY_MS).toISOString();
    try {
      const deleted = await this.o.history.deleteConversationsBefore(cutoff);
      await this.o.afterDeletion?.();
      this.o.metrics.deleted('retention', deleted);
      this.o.logger.info({ cutoff, deleted }, 'retention purge');
      return deleted;
    } catch (err) {
      // The next day's run tries again; a store outage must not stop the server.
      this.o.logger.error({ err, cutoff }, 'retention purge failed');
      return 0;
    }
  }
}
