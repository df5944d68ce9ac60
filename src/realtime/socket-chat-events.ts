import type { Server } from 'socket.io';
import type { ChatEvents } from '../chat/chat-events';
import { conversationRoom } from './rooms';

/**
 * Chat events delivered through Socket.IO rooms. With the Redis adapter the same emit reaches
 * sockets on every node, which is how a conversation is shared across a cluster.
 */
export function socketChatEvents(io: Server): ChatEvents {
  const visitors = () => io.of('/visitor');
  return {
    start: (p) => visitors().to(conversationRoom(p.conversationId)).emit('answer:start', p),
    delta: (p) => visitors().to(conversationRoom(p.conversationId)).emit('answer:delta', p),
    end: (message) => visitors().to(conversationRoom(message.conversationId)).emit('answer:end', { message }),
    messageNew: (message, originId) => {
      const room = visitors().to(conversationRoom(message.conversationId));
      (originId ? room.except(originId) : room).emit('message:new', { message });
    },
    mode: (conversationId, mode) => visitors().to(conversationRoom(conversationId)).emit('mode', { conversationId, mode }),
    // Agents' live list arrives with the /agent namespace; visitors never see other conversations.
    conversationUpdated: () => undefined,
  };
}
