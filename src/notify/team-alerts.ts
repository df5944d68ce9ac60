import type { Logger } from '../logger';
import type { Conversation } from '../protocol/dto';
import type { EmailAlerts } from './email-alerts';
import type { TeamEvent } from './team-event';
import type { Webhook } from './webhook';

export interface TeamAlertsOptions {
  webhook?: Webhook;
  email?: EmailAlerts;
  /** Every agent's id and email. */
  agents: () => Promise<{ id: string; email: string }[]>;
  /** The agents online now (see AgentPresence). */
  online: () => Promise<string[]>;
  /** The visitor's last message in a conversation: what they need a person for. */
  lastQuestion: (conversationId: string) => Promise<string | undefined>;
  /** PUBLIC_URL: links to the console in alerts. */
  publicUrl?: string;
  logger: Logger;
}

/**
 * What reaches the team outside the console: a visitor waiting for a person (emailed to the
 * agents online, who may have the console in a background tab), an offline message (emailed to
 * every agent: someone must reply), and an LLM upstream failing again and again. Each goes to
 * the webhook too. Sent in the background: an alert never delays a visitor.
 */
export class TeamAlerts {
  private readonly sending = new Set<Promise<unknown>>();

  constructor(private readonly o: TeamAlertsOptions) {}

  handoffRequested(c: Conversation): void {
    const who = name(c);
    this.track(
      this.o.lastQuestion(c.id).then((question) => {
        const text = question ? `${who} is waiting for a person: “${question}”` : `${who} is waiting for a person`;
        return this.deliver(
          this.event('handoff.requested', text, c),
          async () => {
            const online = new Set(await this.o.online());
            return (await this.o.agents()).filter((a) => online.has(a.id)).map((a) => a.email);
          },
          `${who} is waiting for a person`,
        );
      }),
    );
  }

  offlineMessage(c: Conversation): void {
    const contact = c.contact;
    if (!contact) return;
    const text = `${contact.email} left a message${contact.message ? `: “${contact.message}”` : ''}`;
    const event = this.event('offline.message', text, c);
    this.track(
      this.deliver(event, async () => (await this.o.agents()).map((a) => a.email), `${contact.email} left a message`),
    );
  }

  llmFailing(failures: number, lastError: string): void {
    const text = `The LLM upstream failed ${failures} times in a row; visitors get offline answers. Last error: ${lastError}`;
    if (this.o.webhook) this.track(this.o.webhook.send({ ...this.event('llm.failing', text), failures, lastError }));
  }

  /** Waits for alerts still being sent (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.sending]);
  }

  private async deliver(event: TeamEvent, recipients: () => Promise<string[]>, subject: string): Promise<void> {
    const jobs: Promise<unknown>[] = [];
    if (this.o.webhook) jobs.push(this.o.webhook.send(event));
    if (this.o.email) {
      const email = this.o.email;
      jobs.push(recipients().then((to) => email.send(to, `[Answerdesk] ${subject}`, emailBody(event))));
    }
    const results = await Promise.allSettled(jobs);
    for (const r of results)
      if (r.status === 'rejected') this.o.logger.warn({ err: r.reason, event: event.event }, 'team alert failed');
  }

  private event(kind: TeamEvent['event'], text: string, c?: Conversation): TeamEvent {
    const event: TeamEvent = { event: kind, at: new Date().toISOString(), text };
    if (c) {
      event.conversation = c;
      if (this.o.publicUrl)
        event.url = `${this.o.publicUrl.replace(/\/$/, '')}/console#/conversations?id=${encodeURIComponent(c.id)}`;
    }
    return event;
  }

  private track(p: Promise<unknown>): void {
    this.sending.add(p);
    void p.finally(() => this.sending.delete(p));
  }
}

function name(c: Conversation): string {
  return c.identity?.name || c.identity?.email || 'A visitor';
}

function emailBody(e: TeamEvent): string {
  const lines = [e.text, ''];
  const ctx = e.conversation?.context;
  if (ctx?.pageUrl) lines.push(`Page: ${ctx.pageUrl}`);
  if (e.conversation?.contact) lines.push(`Reply to: ${e.conversation.contact.email}`);
  if (e.url) lines.push('', `Open it in the console: ${e.url}`);
  lines.push('', '— Answerdesk');
  return lines.join('\n');
}
