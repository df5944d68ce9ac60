import express, { type Express } from 'express';
import { CannedReplies } from '../agents/canned-replies';
import type { AgentDesk } from '../agents/agent-desk';
import type { AgentStore } from '../agents/agent-store';
import type { AuthService } from '../agents/auth-service';
import type { KnowledgeFiles } from '../agents/knowledge-files';
import type { TeamHours } from '../availability/team-hours';
import type { ChatService } from '../chat/chat-service';
import type { Config } from '../config';
import type { Attachments } from '../files/attachments';
import type { HistoryStore } from '../history/history-store';
import { MAX_KNOWLEDGE_FILE_BYTES } from '../knowledge/documents/load-document';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { LlmHealth } from '../llm/llm-health';
import type { LlmSpend } from '../llm/llm-spend';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import { StatsService } from '../metrics/stats-service';
import type { VisitorAuth } from '../visitors/visitor-auth';
import { accessLog } from './access-log';
import type { AllowedOrigins } from './allowed-origins';
import { articleRoutes } from './article-routes';
import { authRoutes } from './auth-routes';
import { cannedReplyRoutes } from './canned-reply-routes';
import { chatRoutes } from './chat-routes';
import { consoleRoutes } from './console-routes';
import { conversationRoutes } from './conversation-routes';
import { cors, requireAllowedOrigin } from './cors';
import { errorMiddleware, notFound } from './error-middleware';
import { fileRoutes } from './file-routes';
import { knowledgeRoutes } from './knowledge-routes';
import { openApiRoutes } from './openapi-routes';
import { requestMetrics } from './request-metrics';
import { securityHeaders } from './security-headers';
import { settingsRoutes } from './settings-routes';
import { statsRoutes } from './stats-routes';
import { systemRoutes } from './system-routes';
import { visitorRoutes } from './visitor-routes';
import { widgetRoutes } from './widget-routes';

export interface RouteDeps {
  config: Readonly<Config>;
  logger: Logger;
  metrics: Metrics;
  origins: AllowedOrigins;
  knowledge: KnowledgeBase;
  history: HistoryStore;
  chat: ChatService;
  visitors: VisitorAuth;
  auth: AuthService;
  desk: AgentDesk;
  attachments: Attachments;
  teamHours: TeamHours;
  agents: AgentStore;
  knowledgeFiles: KnowledgeFiles;
  spend?: LlmSpend;
  health: LlmHealth;
}

/**
 * Every HTTP route, in the order they must meet a request: logging and metrics, security
 * headers, pages and scripts, then the API under /api/v1 (CORS, no caching, the allowed sites
 * for the visitor routes, file uploads before the JSON body parsers), then 404 and the one
 * error handler.
 */
export function mountRoutes(web: Express, d: RouteDeps): void {
  const { config, logger, metrics, origins, knowledge, history, chat, visitors, auth, desk, attachments } = d;
  web.use(accessLog(logger));
  web.use(requestMetrics(metrics));
  web.use(securityHeaders({ hstsMaxAge: config.hstsMaxAge }));
  web.use(systemRoutes({ knowledge, history, metrics, metricsToken: config.metricsToken }));
  web.use(widgetRoutes({ publicDir: config.publicDir, demoPage: config.demoPage, origins }));
  web.use(articleRoutes(knowledge, config.knowledgeDir));
  web.use(consoleRoutes({ publicDir: config.publicDir }));
  const api = express.Router();
  api.use(cors(origins));
  // Transcripts, exports and agents' data: no cache, shared or private, may keep a copy.
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  api.use(['/chat', '/knowledge/search'], requireAllowedOrigin(origins));
  // Read as raw bytes by their own route, before any body parser.
  api.use(fileRoutes(attachments, auth, visitors.tokens));
  // Knowledge files may be up to 2 MB; every other body stays under MAX_BODY_BYTES.
  api.use('/knowledge/files', express.json({ limit: MAX_KNOWLEDGE_FILE_BYTES * 1.25, strict: true }));
  api.use(express.json({ limit: config.limits.maxBodyBytes, strict: true }));
  api.use(chatRoutes(chat, visitors, config.limits.maxMessageChars));
  api.use(authRoutes(auth));
  api.use(conversationRoutes(desk, auth));
  api.use(visitorRoutes(desk, auth));
  api.use(openApiRoutes());
  api.use(settingsRoutes(d.teamHours, auth));
  api.use(cannedReplyRoutes(new CannedReplies({ store: d.agents, auth }), auth));
  api.use(knowledgeRoutes(knowledge, d.knowledgeFiles, auth));
  api.use(
    statsRoutes({
      stats: new StatsService(history),
      history,
      auth,
      defaultWindowMs: config.statsWindowMs,
      spend: d.spend,
      health: d.health,
    }),
  );
  web.use('/api/v1', api);
  web.use(notFound);
  web.use(errorMiddleware(logger.child({ module: 'http' })));
}
