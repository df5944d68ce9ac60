import type { Server } from 'socket.io';
import type { ChatEvents } from '../chat/chat-events';
import { conversationRoom, watchRoom } from './rooms';

/** The inter-node event that silences the bot in a conversation (see ChatService.silence). */
export const SILENCE_EVENT = 'answerdesk:silence';

type Emitter = { emit(event: string, payload: unknown): unknown };
const NOBODY: Emitter = { emit: () => false };

/**
 * Chat events delivered through Socket.IO rooms: the visitor's conversation room on `/visitor`,
 * and on `/agent` the agents watching that conversation (answers, messages, typing) or all
 * agents (the live list, hand-off alerts). With the Redis adapter every emit reaches sockets on
 * every node, which is how a conversation is shared across a cluster.
 */
export function socketChatEvents(io: Server, opts: { clustered: boolean }): ChatEvents {
  const visitorNsp = io.of('/visitor');
  const visitors = (conversationId: string, except?: string): Emitter => {
    // On one node, a message whose sender is the room's only member (one tab) has nobody else
    // to reach: skip the encode. With other nodes, another tab may be connected there.
    if (!opts.clustered && except) {
      const members = visitorNsp.adapter.rooms.get(conversationRoom(conversationId));
      if (!members || (members.size === 1 && members.has(except))) return NOBODY;
    }
    const room = visitorNsp.to(conversationRoom(conversationId));
    return except ? room.except(except) : room;
  };
  const agents = io.of('/agent');
  // Every answer updates the conversation list; with no console open on this node (and no
  // other nodes) there is nobody to tell.
  const allAgents = (): Emitter => (!opts.clustered && agents.sockets.size === 0 ? NOBODY : agents);
  const watchers = (conversationId: string, except?: string): Emitter => {
    // On one node an unwatched conversation has nobody to send to, and skipping the emit skips
    // encoding every answer delta a second time. With other nodes, an agent may watch there.
    if (!opts.clustered && !agents.adapter.rooms.has(watchRoom(conversationId))) return NOBODY;
    const room = agents.to(watchRoom(conversationId));
    return except ? room.except(except) : room;
  };
  const both = (conversationId: string, event: string, payload: unknown, except?: string) => {
    visitors(conversationId, except).emit(event, payload);
    watchers(conversationId, except).emit(event, payload);
  };
  return {
    start: (p) => both(p.conversationId, 'answer:start', p),
    delta: (p) => both(p.conversationId, 'answer:delta', p),
    end: (message) => both(message.conversationId, 'answer:end', { message }),
    cancel: (p) => both(p.conversationId, 'answer:cancel', p),
    // `originId` already has the message from its ack.
    messageNew: (message, originId) => both(message.conversationId, 'message:new', { message }, originId),
    messageUpdated: (message) => watchers(message.conversationId).emit('message:updated', { message }),
    mode: (conversationId, mode) => both(conversationId, 'mode', { conversationId, mode }),
    typing: (conversationId, role, on, originId) => {
      // Visitors see agents typing and agents see visitors; nobody sees their own side echoed.
      if (role === 'visitor') watchers(conversationId).emit('typing', { conversationId, role, on });
      else visitors(conversationId).emit('typing', { conversationId, role, on });
      if (role === 'agent') watchers(conversationId, originId).emit('typing', { conversationId, role, on });
    },
    conversationUpdated: (conversation) => allAgents().emit('conversation:updated', { conversation }),
    handoffRequested: (conversation) => allAgents().emit('handoff:requested', { conversation }),
    // The in-memory adapter has no other nodes to tell (and warns when asked).
    silence: (conversationId) => {
      if (opts.clustered) io.serverSideEmit(SILENCE_EVENT, conversationId);
    },
  };
}
