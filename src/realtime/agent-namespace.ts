import type { AgentDesk } from '../agents/agent-desk';
import type { AuthService } from '../agents/auth-service';
import { toAppError } from '../errors';
import type { Logger } from '../logger';
import {
  agentAuthSchema,
  agentReplySchema,
  agentStatusSchema,
  assignSchema,
  tagsSchema,
  agentTypingSchema,
  conversationRefSchema,
  emptySchema,
} from '../protocol/schemas';
import type { socketAgentPresence } from './agent-presence';
import { agentNamespace, type AgentSocket, type AppServer } from './namespaces';
import { agentRoom, watchRoom } from './rooms';
import { handle, rejectUnknownEvents } from './socket-handler';

const EVENTS = [
  'conversation:watch',
  'conversation:unwatch',
  'conversation:read',
  'conversation:takeover',
  'conversation:release',
  'conversation:close',
  'agent:reply',
  'agent:typing',
  'agent:status',
  'presence:list',
  'agent:note',
  'conversation:tags',
  'conversation:assign',
] as const;

/**
 * Namespace `/agent`: the console's live channel. The handshake needs a valid session token,
 * and every event checks it again, so a session that expires or an agent who is removed stops
 * acting at once, on whichever node the socket is.
 */
export function registerAgentNamespace(
  io: AppServer,
  deps: { desk: AgentDesk; auth: AuthService; logger: Logger; presence: ReturnType<typeof socketAgentPresence> },
): void {
  const logger = deps.logger.child({ module: 'agent-socket' });
  const nsp = agentNamespace(io);

  nsp.use(async (socket, next) => {
    try {
      const parsed = agentAuthSchema.safeParse(socket.handshake.auth ?? {});
      const agent = await deps.auth.authenticate(parsed.success ? parsed.data.token : undefined);
      socket.data = {
        agentId: agent.id,
        token: parsed.success ? parsed.data.token : '',
        away: parsed.success ? parsed.data.away === true : false,
      };
      next();
    } catch (err) {
      const appErr = toAppError(err);
      if (appErr.code === 'internal') logger.error({ err }, 'agent handshake failed');
      next(Object.assign(new Error(appErr.message), { data: appErr.toBody() }));
    }
  });

  nsp.on('connection', (socket: AgentSocket) => {
    const { agentId, token } = socket.data;
    void socket.join(agentRoom(agentId));
    rejectUnknownEvents(socket, EVENTS);
    const me = () => deps.auth.authenticate(token);

    handle(socket, 'conversation:watch', conversationRefSchema, logger, async (p) => {
      const agent = await me();
      // Join before reading: an event in between arrives twice (live and in the transcript), and the console
      // merges by id; none is lost.
      await socket.join(watchRoom(p.conversationId));
      try {
        return await deps.desk.open(agent, p.conversationId);
      } catch (err) {
        await socket.leave(watchRoom(p.conversationId));
        throw err;
      }
    });
    handle(socket, 'agent:status', agentStatusSchema, logger, async (p) => {
      await me();
      socket.data.away = p.away;
      nsp.emit('presence:changed', { agentId, away: p.away });
      return deps.presence.byStatus();
    });
    handle(socket, 'agent:note', agentReplySchema, logger, async (p) => ({
      message: await deps.desk.note(await me(), { ...p, originId: socket.id }),
    }));
    handle(socket, 'conversation:tags', conversationRefSchema.merge(tagsSchema), logger, async (p) => ({
      conversation: await deps.desk.setTags(await me(), p.conversationId, p.tags),
    }));
    handle(socket, 'conversation:assign', conversationRefSchema.merge(assignSchema), logger, async (p) => ({
      conversation: await deps.desk.assign(await me(), p.conversationId, p.agentId),
    }));
    handle(socket, 'presence:list', emptySchema, logger, async () => {
      await me();
      return deps.presence.byStatus();
    });
    handle(socket, 'conversation:unwatch', conversationRefSchema, logger, async (p) => {
      await socket.leave(watchRoom(p.conversationId));
      return {};
    });
    handle(socket, 'conversation:read', conversationRefSchema, logger, async (p) => ({
      conversation: await deps.desk.markRead(await me(), p.conversationId),
    }));
    handle(socket, 'conversation:takeover', conversationRefSchema, logger, async (p) => ({
      conversation: await deps.desk.takeover(await me(), p.conversationId),
    }));
    handle(socket, 'conversation:release', conversationRefSchema, logger, async (p) => ({
      conversation: await deps.desk.release(await me(), p.conversationId),
    }));
    handle(socket, 'conversation:close', conversationRefSchema, logger, async (p) => ({
      conversation: await deps.desk.close(await me(), p.conversationId),
    }));
    handle(
      socket,
      'agent:reply',
      agentReplySchema,
      logger,
      async (p) => ({ message: await deps.desk.reply(await me(), { ...p, originId: socket.id }) }),
      { ackRequired: true },
    );
    handle(socket, 'agent:typing', agentTypingSchema, logger, async (p) => {
      deps.desk.typing(await me(), p.conversationId, p.on, socket.id);
      return {};
    });
  });
}
