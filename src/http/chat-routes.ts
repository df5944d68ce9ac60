import { Router } from 'express';
import type { ChatService } from '../chat/chat-service';
import { toAppError } from '../errors';
import { validateMessageText } from '../chat/message-text';
import { chatBodySchema } from '../protocol/schemas';
import { asyncRoute } from './error-middleware';
import { openEventStream } from './sse';
import { parseInput } from './validate';
import type { VisitorAuth } from '../visitors/visitor-auth';
import { visitorContext } from '../visitors/visitor-context';

/**
 * `POST /api/v1/chat`: one question, answered as JSON or, with `Accept: text/event-stream`,
 * streamed as `message`, `answer:start`, `answer:delta`, `answer:end` events.
 */
export function chatRoutes(chat: ChatService, visitors: VisitorAuth, maxMessageChars: number): Router {
  const router = Router();
  router.post(
    '/chat',
    asyncRoute(async (req, res) => {
      const receivedAt = performance.now();
      const body = parseInput(chatBodySchema, req.body);
      // Checked before the session is opened, so bad text never creates a conversation.
      validateMessageText(body.text, maxMessageChars);
      const visitor = visitors.authenticate(body);
      // Refused before the session is opened, so a flood creates no conversations.
      await chat.admit(visitor.visitorId, req.ip);
      const session = await chat.openSession({
        ...visitor,
        conversationId: body.conversationId,
        context: visitorContext(body.context, req.get('user-agent')),
        ip: req.ip,
      });
      const conversationId = session.conversation.id;
      // A client that hung up before its answer started does not get an LLM call.
      let gone = false;
      res.once('close', () => (gone = !res.writableFinished));
      const { token } = visitors.tokens.issue(session.visitorId);
      const base = {
        visitorId: session.visitorId,
        conversationId,
        text: body.text,
        clientMessageId: body.clientMessageId,
        receivedAt,
        ip: req.ip,
        stillThere: () => !gone,
      };

      if (!(req.get('accept') ?? '').includes('text/event-stream')) {
        const accepted = await chat.sendVisitorMessage(base);
        const answer = await accepted.answer;
        res
          .status(200)
          .json({ conversationId, visitorId: session.visitorId, token, question: accepted.message, message: answer });
        return;
      }

      // Validation and storage errors still come back as plain JSON errors, before the stream opens.
      let stream: ReturnType<typeof openEventStream> | undefined;
      const pending: [string, unknown][] = [];
      const send = (event: string, data: unknown) => (stream ? stream.send(event, data) : pending.push([event, data]));
      const accepted = await chat.sendVisitorMessage(base, {
        start: (p) => send('answer:start', p),
        delta: (p) => send('answer:delta', p),
        end: (message) => send('answer:end', { message }),
        cancel: (p) => send('answer:cancel', p),
      });
      stream = openEventStream(res);
      stream.send('message', { conversationId, visitorId: session.visitorId, token, message: accepted.message });
      for (const [event, data] of pending) stream.send(event, data);
      try {
        const answer = await accepted.answer;
        if (!answer)
          stream.send('answer:none', { conversationId, reason: 'The bot is not answering in this conversation.' });
      } catch (err) {
        stream.send('error', { error: toAppError(err).toBody() });
      }
      stream.close();
    }),
  );
  return router;
}
