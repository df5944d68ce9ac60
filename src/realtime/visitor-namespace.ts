import type { IncomingMessage } from 'node:http';
import type { ChatService } from '../chat/chat-service';
import type { RateLimits } from '../limits/rate-limits';
import type { VisitorPresence } from '../chat/visitor-presence';
import { AppError, toAppError } from '../errors';
import type { Logger } from '../logger';
import type { VisitorAuth } from '../visitors/visitor-auth';
import {
  conversationFeedbackSchema,
  feedbackSchema,
  transcriptEmailSchema,
  handoffMessageSchema,
  handoffSchema,
  messageSendSchema,
  typingSchema,
  visitorAuthSchema,
} from '../protocol/schemas';
import type { ConversationEnd } from '../chat/conversation-end';
import type { Handoff } from '../chat/handoff';
import { visitorContext } from '../visitors/visitor-context';
import { visitorNamespace, type AppServer, type VisitorSocket, type VisitorSocketData } from './namespaces';
import { conversationRoom, visitorRoom } from './rooms';
import { handle, rejectUnknownEvents } from './socket-handler';

const EVENTS = [
  'message:send',
  'handoff:request',
  'handoff:message',
  'feedback:send',
  'conversation:feedback',
  'transcript:email',
  'typing',
] as const;

/** Transcripts one visitor may have emailed per hour. */
const TRANSCRIPTS_PER_HOUR = 3;

/**
 * Namespace `/visitor` of protocol v1. Handlers validate and delegate to the chat service;
 * the handshake authenticates the visitor (a token the server issued, or an identity the site
 * signed), resumes (or starts) their conversation, and every (re)connect gets it whole in
 * `session`, with a renewed token. Every event checks that the token is still in date.
 */
export function registerVisitorNamespace(
  io: AppServer,
  deps: {
    chat: ChatService;
    handoff: Handoff;
    end: ConversationEnd;
    visitors: VisitorAuth;
    logger: Logger;
    /** Handshakes per client address and window. */
    limiter: RateLimits;
    /** Which conversations have their visitor here (LLM calls are spent only on them). */
    presence: VisitorPresence;
    handshakeLimit: { capacity: number; windowMs: number };
    /** The client's address, through the trusted proxies (TRUST_PROXY). */
    addressOf: (req: IncomingMessage) => string;
  },
): void {
  const logger = deps.logger.child({ module: 'visitor-socket' });
  const nsp = visitorNamespace(io);

  nsp.use(async (socket, next) => {
    try {
      const parsed = visitorAuthSchema.safeParse(socket.handshake.auth ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError('invalid_request', `Invalid handshake ${issue.path.join('.')}: ${issue.message}.`, {
          field: issue.path.join('.'),
        });
      }
      const ip = deps.addressOf(socket.request);
      await deps.limiter.take([{ key: `handshake:${ip}`, ...deps.handshakeLimit }]);
      const visitor = deps.visitors.authenticate(parsed.data);
      const context = visitorContext(parsed.data.context, socket.handshake.headers['user-agent']);
      const s = await deps.chat.openSession({ ...visitor, conversationId: parsed.data.conversationId, context, ip });
      const { token, expiresAt } = deps.visitors.tokens.issue(s.visitorId);
      const data: VisitorSocketData = {
        visitorId: s.visitorId,
        conversationId: s.conversation.id,
        expiresAt,
        ip,
        session: {
          token,
          tokenExpiresAt: expiresAt,
          visitorId: s.visitorId,
          conversationId: s.conversation.id,
          mode: s.conversation.mode,
          messages: s.messages,
        },
      };
      socket.data = data;
      next();
    } catch (err) {
      const appErr = toAppError(err);
      if (appErr.code === 'internal') logger.error({ err }, 'visitor handshake failed');
      // connect_error on the client carries `data` with the protocol error.
      next(Object.assign(new Error(appErr.message), { data: appErr.toBody() }));
    }
  });

  nsp.on('connection', (socket: VisitorSocket) => {
    const data = socket.data;
    const { visitorId, conversationId } = data;
    void socket.join([conversationRoom(conversationId), visitorRoom(visitorId)]);
    deps.presence.join(conversationId);
    socket.on('disconnect', () => deps.presence.leave(conversationId));
    const stillThere = () => deps.presence.here(conversationId);
    // A question stored but never answered (a node died, or stopped first) is answered now.
    deps.chat
      .recover(conversationId, stillThere)
      .catch((err: unknown) => logger.warn({ err, conversationId }, 'could not check for unanswered questions'));
    socket.emit('session', data.session!);
    delete data.session;
    rejectUnknownEvents(socket, EVENTS);
    // A socket outliving its token stops acting; the client reconnects and is asked who it is.
    const authorized = () => {
      if (Date.now() < data.expiresAt) return;
      setImmediate(() => socket.disconnect(true));
      throw new AppError('unauthorized', 'The visitor token has expired.', { field: 'token' });
    };

    handle(
      socket,
      'message:send',
      messageSendSchema,
      logger,
      async (p, receivedAt) => {
        authorized();
        const accepted = await deps.chat.sendVisitorMessage({
          visitorId,
          conversationId,
          text: p.text,
          clientMessageId: p.clientMessageId,
          receivedAt,
          ip: data.ip,
          stillThere,
          originId: socket.id,
        });
        return { message: accepted.message };
      },
      { ackRequired: true },
    );

    handle(socket, 'handoff:request', handoffSchema, logger, async () => {
      authorized();
      const { conversation, handoff } = await deps.handoff.request(visitorId, conversationId);
      return { mode: conversation.mode, handoff };
    });

    handle(socket, 'conversation:feedback', conversationFeedbackSchema, logger, async (p) => {
      authorized();
      await deps.end.rate(visitorId, conversationId, p);
      return { conversationId };
    });

    handle(socket, 'transcript:email', transcriptEmailSchema, logger, async (p) => {
      authorized();
      await deps.limiter.take([
        { key: `transcript:${visitorId}`, capacity: TRANSCRIPTS_PER_HOUR, windowMs: 3_600_000 },
      ]);
      await deps.end.emailTranscript(visitorId, conversationId, p.email);
      return {};
    });

    handle(socket, 'handoff:message', handoffMessageSchema, logger, async (p) => {
      authorized();
      return { handoff: await deps.handoff.leaveMessage(visitorId, conversationId, p) };
    });

    handle(socket, 'feedback:send', feedbackSchema, logger, async (p) => {
      authorized();
      const message = await deps.chat.rate(visitorId, conversationId, p.messageId, p.rating);
      return { message };
    });

    handle(socket, 'typing', typingSchema, logger, async (p) => {
      authorized();
      deps.chat.visitorTyping(conversationId, p.on, socket.id);
      return {};
    });
  });
}
