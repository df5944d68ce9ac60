import { AppError } from '../errors';
import type { HistoryStore } from '../history/history-store';
import type { Conversation, Message } from '../protocol/dto';
import type { EmailAlerts } from '../notify/email-alerts';
import type { ChatEvents } from './chat-events';
import { visitorReplies } from './visitor-replies';
import type { Replies } from '../replies/replies';

/**
 * The end of a conversation, on the visitor's side: a rating from 1 to 5 with an optional
 * comment (agents see it beside the conversation, the statistics average it), and a copy of
 * the transcript by email.
 */
export class ConversationEnd {
  constructor(
    private readonly o: { history: HistoryStore; events: ChatEvents; email?: EmailAlerts; productName?: string },
  ) {}

  async rate(
    visitorId: string,
    conversationId: string,
    input: { score: number; comment?: string },
  ): Promise<Conversation> {
    await this.own(visitorId, conversationId);
    const feedback = {
      score: input.score,
      at: new Date().toISOString(),
      ...(input.comment ? { comment: input.comment } : {}),
    };
    const updated = await this.o.history.updateConversation(conversationId, { feedback });
    this.o.events.conversationUpdated(updated);
    return updated;
  }

  /** Sends the visitor the conversation as plain text; `unavailable` when no SMTP server is set. */
  async emailTranscript(visitorId: string, conversationId: string, email: string): Promise<void> {
    const conversation = await this.own(visitorId, conversationId);
    if (!this.o.email) throw new AppError('unavailable', 'Transcripts by email are not set up on this server.');
    const messages = (await this.o.history.listMessages(conversationId)).filter((m) => m.role !== 'note');
    const replies = await visitorReplies(this.o.history, conversation, messages);
    const sent = await this.o.email.send(
      [email],
      replies.transcriptSubject(this.o.productName),
      transcriptText(conversation, messages, this.o.productName, replies),
    );
    if (!sent) throw new AppError('unavailable', 'The email could not be sent. Try again later.', { retryable: true });
  }

  private async own(visitorId: string, conversationId: string): Promise<Conversation> {
    const c = await this.o.history.getConversation(conversationId);
    if (!c || c.visitorId !== visitorId) throw new AppError('conversation_not_found');
    return c;
  }
}

function transcriptText(c: Conversation, messages: Message[], product: string | undefined, replies: Replies): string {
  const when = (iso: string) =>
    `${new Intl.DateTimeFormat(replies.dateLocale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(new Date(iso))} UTC`;
  const lines = [replies.transcriptHeading(product, when(c.createdAt)), ''];
  for (const m of messages) {
    const who =
      m.role === 'agent'
        ? (m.author?.name ?? replies.speaker.agent)
        : m.role === 'visitor' || m.role === 'bot'
          ? replies.speaker[m.role]
          : undefined;
    lines.push(who ? `${who} (${when(m.createdAt)}):` : `— ${m.text}`);
    if (who) lines.push(m.text, '');
    for (const s of m.sources ?? []) lines.push(`  ${replies.source}: ${s.title}${s.url ? ` <${s.url}>` : ''}`);
  }
  return lines.join('\n');
}
