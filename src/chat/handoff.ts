import type { Availability } from '../availability/availability';
import { AppError } from '../errors';
import type { HistoryStore } from '../history/history-store';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import type { Conversation, HandoffState } from '../protocol/dto';
import type { ChatEvents } from './chat-events';
import { openingTime } from '../replies/reply-language';
import { visitorReplies } from './visitor-replies';

export interface HandoffOptions {
  history: HistoryStore;
  events: ChatEvents;
  availability: Availability;
  metrics: Metrics;
  logger: Logger;
  /** How long a visitor waits for a person before being offered to leave an email. */
  timeoutMs: number;
}

/**
 * "Talk to a person": with someone available the visitor waits (and the bot keeps answering)
 * until an agent joins; with nobody, or when nobody joins within the time-out, the visitor is
 * asked for an email and a message, kept as an offline message in the inbox.
 */
export class Handoff {
  constructor(private readonly o: HandoffOptions) {}

  async request(
    visitorId: string,
    conversationId: string,
  ): Promise<{ conversation: Conversation; handoff: HandoffState }> {
    const conversation = await this.own(visitorId, conversationId);
    if (conversation.mode === 'agent') return { conversation, handoff: { conversationId, status: 'joined' } };
    if (conversation.mode === 'waiting') return { conversation, handoff: this.waitingState(conversationId) };
    const state = await this.o.availability.state();
    if (!state.available) {
      const handoff: HandoffState = { conversationId, status: 'offline' };
      if (state.nextOpening) handoff.nextOpening = state.nextOpening;
      const replies = await visitorReplies(this.o.history, conversation);
      const back = state.nextOpening ? openingTime(replies, state.nextOpening, state.timeZone) : undefined;
      await this.say(conversationId, replies.offline(back));
      this.o.events.handoff(handoff);
      return { conversation, handoff };
    }
    await this.o.history.updateConversation(conversationId, {
      mode: 'waiting',
      waitingSince: new Date().toISOString(),
    });
    this.o.events.mode(conversationId, 'waiting');
    const handoff = { ...this.waitingState(conversationId), position: await this.positionOf(conversationId) };
    const text = (await visitorReplies(this.o.history, conversation)).waiting(
      handoff.position,
      handoff.expectedWaitMinutes,
    );
    const after = await this.say(conversationId, text);
    this.o.events.conversationUpdated(after);
    this.o.events.handoffRequested(after);
    this.o.events.handoff(handoff);
    return { conversation: after, handoff };
  }

  /** The visitor leaves an email (and a message) for a reply: an offline message in the inbox. */
  async leaveMessage(
    visitorId: string,
    conversationId: string,
    input: { email: string; message?: string },
  ): Promise<HandoffState> {
    const before = await this.own(visitorId, conversationId);
    const contact = {
      email: input.email,
      at: new Date().toISOString(),
      ...(input.message ? { message: input.message } : {}),
    };
    await this.o.history.updateConversation(conversationId, {
      contact,
      waitingSince: null,
      ...(before.mode === 'waiting' ? { mode: 'bot' as const } : {}),
    });
    if (before.mode === 'waiting') this.o.events.mode(conversationId, 'bot');
    const state = await this.o.availability.state();
    const replies = await visitorReplies(this.o.history, before);
    const back = state.nextOpening ? openingTime(replies, state.nextOpening, state.timeZone) : undefined;
    const conversation = await this.say(conversationId, replies.messageLeft(input.email, back));
    this.o.events.conversationUpdated(conversation);
    this.o.events.offlineMessage(conversation);
    const handoff: HandoffState = { conversationId, status: 'message_left' };
    this.o.events.handoff(handoff);
    return handoff;
  }

  /** An agent joined a waiting visitor: their wait feeds the expected wait. */
  joined(before: Conversation, agentName: string): void {
    if (before.waitingSince) this.o.availability.joinedAfter(Date.now() - Date.parse(before.waitingSince));
    this.o.events.handoff({ conversationId: before.id, status: 'joined', agentName });
  }

  /**
   * Nobody joined in time: the bot goes on answering and the visitor is offered to leave an
   * email. Only when the conversation is still waiting and unowned (an agent may just have
   * joined, on any node); returns whether it expired it.
   */
  async expire(conversation: Conversation): Promise<boolean> {
    const { applied } = await this.o.history.updateConversationIfOwner(conversation.id, [null], {
      mode: 'bot',
      waitingSince: null,
    });
    if (!applied) return false;
    this.o.events.mode(conversation.id, 'bot');
    const after = await this.say(conversation.id, (await visitorReplies(this.o.history, conversation)).timedOut);
    this.o.events.conversationUpdated(after);
    this.o.events.handoff({ conversationId: conversation.id, status: 'offline' });
    this.o.logger.info({ conversationId: conversation.id }, 'hand-off timed out');
    return true;
  }

  /** Waiting conversations whose wait is over (see HandoffTimeouts). */
  expired(waiting: Conversation[], now = Date.now()): Conversation[] {
    return waiting.filter(
      (c) =>
        c.mode === 'waiting' &&
        !c.ownerAgentId &&
        c.waitingSince &&
        now - Date.parse(c.waitingSince) >= this.o.timeoutMs,
    );
  }

  /** Where the visitor stands among those waiting, on every node: 1 is next. */
  private async positionOf(conversationId: string): Promise<number> {
    const waiting = await this.o.history.listConversations({ mode: 'waiting', limit: 500 });
    const mine = waiting.find((c) => c.id === conversationId)?.waitingSince ?? new Date().toISOString();
    // One's own conversation may not be listed yet (lists skip conversations with no message).
    return 1 + waiting.filter((c) => c.id !== conversationId && (c.waitingSince ?? '') < mine).length;
  }

  private waitingState(conversationId: string): HandoffState {
    const minutes = this.o.availability.expectedWaitMinutes();
    return { conversationId, status: 'waiting', ...(minutes ? { expectedWaitMinutes: minutes } : {}) };
  }

  private async say(conversationId: string, text: string): Promise<Conversation> {
    const { message, conversation } = await this.o.history.appendMessage({ conversationId, role: 'system', text });
    this.o.metrics.message('system');
    this.o.events.messageNew(message);
    return conversation;
  }

  private async own(visitorId: string, conversationId: string): Promise<Conversation> {
    const c = await this.o.history.getConversation(conversationId);
    if (!c || c.visitorId !== visitorId) throw new AppError('conversation_not_found');
    return c;
  }
}
