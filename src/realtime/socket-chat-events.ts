import type { ChatEvents } from '../chat/chat-events';
import {
  agentNamespace,
  visitorNamespace,
  type AgentNamespace,
  type AppServer,
  type VisitorNamespace,
} from './namespaces';
import { conversationRoom, visitorRoom, watchRoom } from './rooms';

/** The inter-node event that silences the bot in a conversation (see ChatService.silence). */
export const SILENCE_EVENT = 'answerdesk:silence';

/** Where one namespace's events go: a room, the whole namespace, or nobody. */
type ToVisitors = Pick<ReturnType<VisitorNamespace['to']>, 'emit'>;
type ToAgentRoom = Pick<ReturnType<AgentNamespace['to']>, 'emit'>;
type ToAllAgents = Pick<AgentNamespace, 'emit'>;

const NOBODY = { emit: () => false };

/**
 * Chat events delivered through Socket.IO rooms: the visitor's conversation room on `/visitor`,
 * and on `/agent` the agents watching that conversation (answers, messages, typing) or all
 * agents (the live list, hand-off alerts). With the Redis adapter every emit reaches sockets on
 * every node, which is how a conversation is shared across a cluster.
 */
export function socketChatEvents(io: AppServer, opts: { clustered: boolean }): ChatEvents {
  const visitorNsp = visitorNamespace(io);
  const visitors = (conversationId: string, except?: string): ToVisitors => {
    // On one node, a message whose sender is the room's only member (one tab) has nobody else
    // to reach: skip the encode. With other nodes, another tab may be connected there.
    if (!opts.clustered && except) {
      const members = visitorNsp.adapter.rooms.get(conversationRoom(conversationId));
      if (!members || (members.size === 1 && members.has(except))) return NOBODY;
    }
    const room = visitorNsp.to(conversationRoom(conversationId));
    return except ? room.except(except) : room;
  };
  const agents = agentNamespace(io);
  // Every answer updates the conversation list; with no console open on this node (and no
  // other nodes) there is nobody to tell.
  const allAgents = (): ToAllAgents => (!opts.clustered && agents.sockets.size === 0 ? NOBODY : agents);
  const watchers = (conversationId: string, except?: string): ToAgentRoom => {
    // On one node an unwatched conversation has nobody to send to, and skipping the emit skips
    // encoding every answer delta a second time. With other nodes, an agent may watch there.
    if (!opts.clustered && !agents.adapter.rooms.has(watchRoom(conversationId))) return NOBODY;
    const room = agents.to(watchRoom(conversationId));
    return except ? room.except(except) : room;
  };
  return {
    // Each event of a conversation goes to its visitor's tabs and to the agents watching it.
    start: (p) => {
      visitors(p.conversationId).emit('answer:start', p);
      watchers(p.conversationId).emit('answer:start', p);
    },
    delta: (p) => {
      visitors(p.conversationId).emit('answer:delta', p);
      watchers(p.conversationId).emit('answer:delta', p);
    },
    end: (message) => {
      visitors(message.conversationId).emit('answer:end', { message });
      watchers(message.conversationId).emit('answer:end', { message });
    },
    cancel: (p) => {
      visitors(p.conversationId).emit('answer:cancel', p);
      watchers(p.conversationId).emit('answer:cancel', p);
    },
    // `originId` already has the message from its ack.
    messageNew: (message, originId) => {
      // An internal note goes to the agents watching, never to the visitor.
      if (message.role !== 'note') visitors(message.conversationId, originId).emit('message:new', { message });
      watchers(message.conversationId, originId).emit('message:new', { message });
    },
    messageUpdated: (message) => watchers(message.conversationId).emit('message:updated', { message }),
    mode: (conversationId, mode) => {
      visitors(conversationId).emit('mode', { conversationId, mode });
      watchers(conversationId).emit('mode', { conversationId, mode });
    },
    typing: (conversationId, role, on, originId) => {
      // Visitors see agents typing and agents see visitors; nobody sees their own side echoed.
      if (role === 'visitor') watchers(conversationId).emit('typing', { conversationId, role, on });
      else visitors(conversationId).emit('typing', { conversationId, role, on });
      if (role === 'agent') watchers(conversationId, originId).emit('typing', { conversationId, role, on });
    },
    conversationUpdated: (conversation) => allAgents().emit('conversation:updated', { conversation }),
    handoffRequested: (conversation) => allAgents().emit('handoff:requested', { conversation }),
    handoff: (state) => visitors(state.conversationId).emit('handoff', state),
    offlineMessage: (conversation) => allAgents().emit('offline:message', { conversation }),
    visitorErased: (visitorId) => {
      allAgents().emit('visitor:erased', { visitorId });
      visitorNsp.in(visitorRoom(visitorId)).disconnectSockets(true);
    },
    // The in-memory adapter has no other nodes to tell (and warns when asked).
    silence: (conversationId) => {
      if (opts.clustered) io.serverSideEmit(SILENCE_EVENT, conversationId);
    },
  };
}
