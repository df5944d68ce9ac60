import { Router, type Response } from 'express';
import type { AgentDesk } from '../agents/agent-desk';
import type { AuthService } from '../agents/auth-service';
import { toCsv, type ConversationExport } from '../agents/transcript-export';
import type { ListConversationsOptions } from '../history/history-store';
import {
  agentReplySchema,
  assignSchema,
  conversationQuerySchema,
  exportQuerySchema,
  idSchema,
  tagsSchema,
} from '../protocol/schemas';
import { asyncRoute } from './error-middleware';
import { agentOf, requireAgent } from './require-agent';
import { parseInput } from './validate';

const toOptions = (q: {
  q?: string;
  mode?: ListConversationsOptions['mode'];
  from?: string;
  to?: string;
  unanswered?: string;
  offline?: string;
  tag?: string;
  limit: number;
}): ListConversationsOptions => ({
  limit: q.limit,
  q: q.q || undefined,
  mode: q.mode,
  from: q.from,
  to: q.to,
  unanswered: q.unanswered !== undefined,
  offline: q.offline !== undefined,
  tag: q.tag,
});

/** Conversations for the console: list and search, transcripts, exports, and the agent's actions. */
export function conversationRoutes(desk: AgentDesk, auth: AuthService): Router {
  const router = Router();
  router.use('/conversations', requireAgent(auth));
  const id = (raw: string) => parseInput(idSchema, raw, 'conversation id');

  router.get(
    '/conversations',
    asyncRoute(async (req, res) => {
      const q = parseInput(conversationQuerySchema, req.query, 'query');
      res.json({ conversations: await desk.list(agentOf(res), toOptions(q)) });
    }),
  );
  router.get(
    '/conversations/export',
    asyncRoute(async (req, res) => {
      const q = parseInput(exportQuerySchema, req.query, 'query');
      const agent = agentOf(res);
      const list = await desk.list(agent, toOptions(q));
      const exports = await Promise.all(list.map((c) => desk.transcript(agent, c.id)));
      send(res, exports, q.format, `conversations-${new Date().toISOString().slice(0, 10)}`);
    }),
  );
  router.get(
    '/conversations/:id',
    asyncRoute(async (req, res) => {
      res.json(await desk.transcript(agentOf(res), id(req.params.id)));
    }),
  );
  router.get(
    '/conversations/:id/export',
    asyncRoute(async (req, res) => {
      const { format } = parseInput(exportQuerySchema.pick({ format: true }), req.query, 'query');
      const conversationId = id(req.params.id);
      send(res, [await desk.transcript(agentOf(res), conversationId)], format, `conversation-${conversationId}`);
    }),
  );
  for (const action of ['takeover', 'release', 'close'] as const) {
    router.post(
      `/conversations/:id/${action}`,
      asyncRoute(async (req, res) => {
        res.json({ conversation: await desk[action](agentOf(res), id(req.params.id)) });
      }),
    );
  }
  router.post(
    '/conversations/:id/notes',
    asyncRoute(async (req, res) => {
      const body = parseInput(agentReplySchema.omit({ conversationId: true }), req.body);
      res.status(201).json({ message: await desk.note(agentOf(res), { ...body, conversationId: id(req.params.id) }) });
    }),
  );
  router.put(
    '/conversations/:id/tags',
    asyncRoute(async (req, res) => {
      const { tags } = parseInput(tagsSchema, req.body);
      res.json({ conversation: await desk.setTags(agentOf(res), id(req.params.id), tags) });
    }),
  );
  router.post(
    '/conversations/:id/assign',
    asyncRoute(async (req, res) => {
      const { agentId } = parseInput(assignSchema, req.body);
      res.json({ conversation: await desk.assign(agentOf(res), id(req.params.id), agentId) });
    }),
  );
  router.post(
    '/conversations/:id/messages',
    asyncRoute(async (req, res) => {
      const body = parseInput(agentReplySchema.omit({ conversationId: true }), req.body);
      res.status(201).json({ message: await desk.reply(agentOf(res), { ...body, conversationId: id(req.params.id) }) });
    }),
  );
  return router;
}

function send(res: Response, exports: ConversationExport[], format: 'json' | 'csv', name: string): void {
  res.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
  if (format === 'csv') res.type('text/csv; charset=utf-8').send(toCsv(exports));
  else res.json({ exportedAt: new Date().toISOString(), conversations: exports });
}
