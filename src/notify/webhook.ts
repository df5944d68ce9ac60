import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import type { TeamEvent } from './team-event';

/** Waits before the second and third tries of a delivery that failed. */
const RETRY_DELAYS_MS = [1000, 4000];
const TIMEOUT_MS = 5000;

/**
 * Posts each team event as JSON to WEBHOOK_URL, with a Slack-compatible `text`. With
 * WEBHOOK_SECRET the body is signed: `X-Answerdesk-Signature: sha256=<hex HMAC-SHA256 of the
 * raw body>`, so the receiver can check it came from this server. A delivery that fails (a
 * network error, a 429 or a 5xx) is tried twice more; one that still fails is logged and dropped.
 */
export class Webhook {
  constructor(
    private readonly o: { url: string; secret?: string; logger: Logger },
    private readonly delays: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  async send(event: TeamEvent): Promise<boolean> {
    const delivery = randomUUID();
    const body = JSON.stringify({ id: delivery, ...event });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Answerdesk-Webhook',
      'x-answerdesk-event': event.event,
      'x-answerdesk-delivery': delivery,
    };
    if (this.o.secret)
      headers['x-answerdesk-signature'] = `sha256=${createHmac('sha256', this.o.secret).update(body).digest('hex')}`;
    for (let attempt = 0; ; attempt++) {
      let status = 0;
      try {
        const res = await fetch(this.o.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
        status = res.status;
        await res.body?.cancel();
        if (res.ok) return true;
        if (status !== 429 && status < 500) break;
      } catch {
        // A network error or a time-out: tried again below.
      }
      if (attempt >= this.delays.length) break;
      await new Promise((r) => setTimeout(r, this.delays[attempt]));
    }
    this.o.logger.warn({ event: event.event, delivery }, 'webhook delivery failed');
    return false;
  }
}
