import type { FallbackReason } from '../metrics/metrics';
import type { LlmHealthSnapshot } from '../protocol/http-api';

/** Upstream failures in a row before the team is told. */
const FAILING_AFTER = 3;
/** At most one such alert in this long, while it keeps failing. */
const ALERT_EVERY_MS = 15 * 60_000;

export type UpstreamFailure = Extract<FallbackReason, 'error' | 'rate_limited' | 'stall' | 'deadline'>;

/**
 * How the LLM upstream is doing on this node, for the console and for alerts: failures by
 * reason, the last error, and a call to `onFailing` when calls keep failing.
 */
export class LlmHealth {
  private readonly failures: Record<UpstreamFailure, number> = { error: 0, rate_limited: 0, stall: 0, deadline: 0 };
  private consecutive = 0;
  private lastError?: LlmHealthSnapshot['lastError'];
  private lastSuccessAt?: string;
  private lastAlertAt = -Infinity;

  constructor(
    private readonly onFailing: (failures: number, lastError: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  success(): void {
    this.consecutive = 0;
    this.lastSuccessAt = new Date(this.now()).toISOString();
  }

  failure(reason: UpstreamFailure, err: unknown): void {
    this.failures[reason]++;
    this.consecutive++;
    const message = describe(err, reason);
    this.lastError = { at: new Date(this.now()).toISOString(), reason, message };
    if (this.consecutive >= FAILING_AFTER && this.now() - this.lastAlertAt >= ALERT_EVERY_MS) {
      this.lastAlertAt = this.now();
      this.onFailing(this.consecutive, message);
    }
  }

  snapshot(): LlmHealthSnapshot {
    const s: LlmHealthSnapshot = { failures: { ...this.failures }, consecutiveFailures: this.consecutive };
    if (this.lastError) s.lastError = { ...this.lastError };
    if (this.lastSuccessAt) s.lastSuccessAt = this.lastSuccessAt;
    return s;
  }
}

/** One line for people: the upstream's own message (the SDK's, with its status), cut short. */
function describe(err: unknown, reason: UpstreamFailure): string {
  const text = err instanceof Error ? err.message : String(err ?? reason);
  return (text || reason).replace(/\s+/g, ' ').slice(0, 300);
}
