import type { ChatEvents } from '../chat/chat-events';
import { visitorReplies } from '../chat/visitor-replies';
import type { Replies } from '../replies/replies';
import type { ChatService } from '../chat/chat-service';
import { validateMessageText } from '../chat/message-text';
import { AppError } from '../errors';
import type { HistoryStore, ListConversationsOptions } from '../history/history-store';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import type { Attachment, Conversation, ConversationMode, Message, VisitorHistory } from '../protocol/dto';
import type { Agent } from '../protocol/http-api';
import { can } from './agent';
import type { Handoff } from '../chat/handoff';
import type { AuthService } from './auth-service';

/** What an agent writes into a conversation (a reply or a note). */
export interface AgentWriting {
  conversationId: string;
  clientMessageId: string;
  text: string;
  /** Files sent with it (already kept, see Attachments); the text may then be empty. */
  attachments?: Attachment[];
  /** The socket it came from, which has it from its ack. */
  originId?: string;
}

/** Conversations of one visitor read for their history beside a transcript. */
const VISITOR_HISTORY = 100;

export interface Transcript {
  conversation: Conversation;
  messages: Message[];
  visitor: VisitorHistory;
}

export interface AgentDeskOptions {
  history: HistoryStore;
  chat: ChatService;
  events: ChatEvents;
  auth: AuthService;
  metrics: Metrics;
  logger: Logger;
  maxMessageChars: number;
  /** Tells a waiting visitor who joined (and times the wait). */
  handoff?: Handoff;
  /** Removes what is kept beside conversations that were deleted (their files). */
  afterDeletion?: () => Promise<unknown>;
}

/**
 * What agents do to conversations, shared by the `/agent` socket and the HTTP API: read them,
 * take one over (silencing the bot on every node), reply, hand it back, close it. Ownership
 * changes are compare-and-set in the store, so two agents can never both own a conversation.
 */
export class AgentDesk {
  constructor(private readonly o: AgentDeskOptions) {}

  list(agent: Agent, query: ListConversationsOptions): Promise<Conversation[]> {
    this.o.auth.require(agent, 'conversations:read');
    return this.o.history.listConversations(query);
  }

  /** The conversation, its transcript and the visitor's history; opening it marks the visitor's messages read. */
  async open(agent: Agent, conversationId: string): Promise<Transcript> {
    this.o.auth.require(agent, 'conversations:read');
    let conversation = await this.get(conversationId);
    if (conversation.unread > 0) {
      conversation = await this.o.history.updateConversation(conversationId, { unread: 0 });
      this.o.events.conversationUpdated(conversation);
    }
    const [messages, visitor] = await Promise.all([
      this.o.history.listMessages(conversationId),
      this.visitorHistory(conversation),
    ]);
    return { conversation, messages, visitor };
  }

  /** The agent has seen everything in the conversation (it is open on their screen). */
  async markRead(agent: Agent, conversationId: string): Promise<Conversation> {
    this.o.auth.require(agent, 'conversations:read');
    const conversation = await this.get(conversationId);
    if (conversation.unread === 0) return conversation;
    const updated = await this.o.history.updateConversation(conversationId, { unread: 0 });
    this.o.events.conversationUpdated(updated);
    return updated;
  }

  async transcript(agent: Agent, conversationId: string): Promise<Transcript> {
    this.o.auth.require(agent, 'conversations:read');
    const conversation = await this.get(conversationId);
    const [messages, visitor] = await Promise.all([
      this.o.history.listMessages(conversationId),
      this.visitorHistory(conversation),
    ]);
    return { conversation, messages, visitor };
  }

  /** When the visitor was first seen, and their other conversations (the newest ten). */
  private async visitorHistory(c: Conversation): Promise<VisitorHistory> {
    const all = await this.o.history.visitorConversations(c.visitorId, VISITOR_HISTORY);
    // ISO 8601 times in UTC sort as strings.
    const firstSeen = [c.createdAt, ...all.map((x) => x.createdAt)].sort()[0];
    return { firstSeen, earlier: all.filter((x) => x.id !== c.id).slice(0, 10) };
  }

  /**
   * Erases every conversation of one visitor, on their request; their open widgets are
   * disconnected (they start afresh) and every console drops the conversations.
   */
  async eraseVisitor(agent: Agent, visitorId: string): Promise<number> {
    this.o.auth.require(agent, 'visitors:erase');
    const conversations = await this.o.history.deleteVisitorData(visitorId);
    await this.o.afterDeletion?.();
    this.o.events.visitorErased(visitorId);
    this.o.logger.info({ agentId: agent.id, visitorId, conversations }, 'visitor data erased');
    this.o.metrics.deleted('erasure', conversations);
    return conversations;
  }

  /** From now on the bot is silent here and the agent's replies reach the visitor. */
  async takeover(agent: Agent, conversationId: string): Promise<Conversation> {
    this.o.auth.require(agent, 'conversations:act');
    const before = await this.get(conversationId);
    if (before.ownerAgentId === agent.id && before.mode === 'agent') return before;
    // Silence first: an answer finishing between the claim and the silence must not slip out.
    this.o.chat.silence(conversationId);
    const owners = can(agent, 'conversations:override') ? [before.ownerAgentId ?? null, agent.id] : [null, agent.id];
    const { conversation, applied } = await this.o.history.updateConversationIfOwner(conversationId, owners, {
      mode: 'agent',
      ownerAgentId: agent.id,
      unread: 0,
      waitingSince: null,
    });
    if (!applied) throw await this.taken(conversation);
    this.o.handoff?.joined(before, agent.name);
    // And again: an answer that started between the first silence and the claim stops now;
    // any later one sees the new mode before it starts.
    this.o.chat.silence(conversationId);
    this.o.logger.info({ conversationId, agentId: agent.id }, 'conversation taken over');
    return this.announce(conversation, 'agent', (await visitorReplies(this.o.history, before)).agentJoined(agent.name));
  }

  /** Back to the bot. */
  async release(agent: Agent, conversationId: string): Promise<Conversation> {
    return this.leave(agent, conversationId, 'bot', (r) => r.handedBack(agent.name));
  }

  async close(agent: Agent, conversationId: string): Promise<Conversation> {
    return this.leave(agent, conversationId, 'closed', (r) => r.closed);
  }

  /** A reply from the agent; replying to a conversation nobody owns takes it over first. */
  async reply(agent: Agent, input: AgentWriting): Promise<Message> {
    return this.write(agent, 'agent', input);
  }

  /** An internal note on the conversation: agents see it beside the transcript, the visitor never does. */
  async note(agent: Agent, input: AgentWriting): Promise<Message> {
    return this.write(agent, 'note', input);
  }

  /** A reply (which takes an unowned conversation over first) or a note, stored once per clientMessageId. */
  private async write(agent: Agent, role: 'agent' | 'note', input: AgentWriting): Promise<Message> {
    this.o.auth.require(agent, 'conversations:act');
    // A file may go alone; words with it are checked as any message's.
    const alone = Boolean(input.attachments?.length) && input.text.trim() === '';
    const text = alone ? '' : validateMessageText(input.text, this.o.maxMessageChars);
    const conversation = await this.get(input.conversationId);
    if (role === 'agent' && (conversation.ownerAgentId !== agent.id || conversation.mode !== 'agent'))
      await this.takeover(agent, input.conversationId);
    const appended = await this.o.history.appendMessage({
      conversationId: input.conversationId,
      role,
      text,
      clientMessageId: input.clientMessageId,
      author: { id: agent.id, name: agent.name },
      attachments: input.attachments,
    });
    if (appended.created) {
      this.o.metrics.message(role);
      this.o.events.messageNew(appended.message, input.originId);
      if (role === 'agent') {
        this.o.events.typing(input.conversationId, 'agent', false, input.originId);
        this.o.events.conversationUpdated(appended.conversation);
      }
    }
    return appended.message;
  }

  /** The conversation's tags, replaced: lower-case, each once. */
  async setTags(agent: Agent, conversationId: string, tags: string[]): Promise<Conversation> {
    this.o.auth.require(agent, 'conversations:act');
    await this.get(conversationId);
    const clean = [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
    const updated = await this.o.history.updateConversation(conversationId, { tags: clean });
    this.o.events.conversationUpdated(updated);
    return updated;
  }

  /**
   * Hands the conversation to a teammate, who now owns it (the bot goes quiet). Whoever owns it
   * may pass it on; an unowned one, any agent; an admin, any.
   */
  async assign(agent: Agent, conversationId: string, toAgentId: string): Promise<Conversation> {
    this.o.auth.require(agent, 'conversations:act');
    const teammate = (await this.o.auth.listAgents()).find((a) => a.id === toAgentId);
    if (!teammate) throw new AppError('not_found', 'No agent has that id.');
    const before = await this.get(conversationId);
    if (before.ownerAgentId === toAgentId && before.mode === 'agent') return before;
    this.o.chat.silence(conversationId);
    const owners = can(agent, 'conversations:override') ? [before.ownerAgentId ?? null] : [null, agent.id];
    const { conversation, applied } = await this.o.history.updateConversationIfOwner(conversationId, owners, {
      mode: 'agent',
      ownerAgentId: toAgentId,
      waitingSince: null,
    });
    if (!applied) throw await this.taken(conversation);
    this.o.chat.silence(conversationId);
    if (before.mode === 'waiting') this.o.handoff?.joined(before, teammate.name);
    this.o.logger.info({ conversationId, agentId: agent.id, to: toAgentId }, 'conversation assigned');
    return this.announce(
      conversation,
      'agent',
      (await visitorReplies(this.o.history, conversation)).agentJoined(teammate.name),
    );
  }

  /**
   * An agent was removed: the conversations they held go back to the queue, waiting for a
   * person, and every agent is alerted, so no visitor is left talking to nobody.
   */
  async requeueOwnedBy(agentId: string): Promise<number> {
    const held = (await this.o.history.listConversations({ mode: 'agent', limit: 10_000 })).filter(
      (c) => c.ownerAgentId === agentId,
    );
    for (const c of held) {
      const { conversation, applied } = await this.o.history.updateConversationIfOwner(c.id, [agentId], {
        mode: 'waiting',
        ownerAgentId: null,
      });
      if (!applied) continue;
      const updated = await this.announce(
        conversation,
        'waiting',
        'The person helping you had to leave. Someone else from our team will join this conversation shortly.',
      );
      this.o.events.handoffRequested(updated);
    }
    if (held.length)
      this.o.logger.info({ agentId, conversations: held.length }, 'removed agent’s conversations requeued');
    return held.length;
  }

  typing(agent: Agent, conversationId: string, on: boolean, originId?: string): void {
    this.o.auth.require(agent, 'conversations:act');
    this.o.events.typing(conversationId, 'agent', on, originId);
  }

  private async leave(
    agent: Agent,
    conversationId: string,
    mode: ConversationMode,
    notice: (replies: Replies) => string,
  ): Promise<Conversation> {
    this.o.auth.require(agent, 'conversations:act');
    const before = await this.get(conversationId);
    if (before.mode === mode && !before.ownerAgentId) return before;
    // Whoever owns it decides; an unowned conversation (bot or waiting) any agent may close.
    const owners = can(agent, 'conversations:override') ? [before.ownerAgentId ?? null] : [null, agent.id];
    const { conversation, applied } = await this.o.history.updateConversationIfOwner(conversationId, owners, {
      mode,
      ownerAgentId: null,
      waitingSince: null,
    });
    if (!applied) throw await this.taken(conversation);
    this.o.logger.info({ conversationId, agentId: agent.id, mode }, 'conversation released');
    return this.announce(conversation, mode, notice(await visitorReplies(this.o.history, before)));
  }

  /** Tells the visitor (a system message and the mode) and every agent (the live list). */
  private async announce(conversation: Conversation, mode: ConversationMode, notice: string): Promise<Conversation> {
    this.o.events.mode(conversation.id, mode);
    const { message, conversation: updated } = await this.o.history.appendMessage({
      conversationId: conversation.id,
      role: 'system',
      text: notice,
    });
    this.o.metrics.message('system');
    this.o.events.messageNew(message);
    this.o.events.conversationUpdated(updated);
    return updated;
  }

  private async taken(conversation: Conversation): Promise<AppError> {
    const owner = conversation.ownerAgentId
      ? (await this.o.auth.listAgents()).find((a) => a.id === conversation.ownerAgentId)
      : undefined;
    return new AppError('conversation_taken', owner ? `${owner.name} is handling this conversation.` : undefined);
  }

  private async get(conversationId: string): Promise<Conversation> {
    const c = await this.o.history.getConversation(conversationId);
    if (!c) throw new AppError('conversation_not_found');
    return c;
  }
}
