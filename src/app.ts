import { createAdapter } from '@socket.io/redis-adapter';
import express from 'express';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { AnswerEngine } from './chat/answer-engine';
import { ChatService } from './chat/chat-service';
import { RateLimiter } from './chat/rate-limiter';
import type { Config } from './config';
import type { HistoryStore } from './history/history-store';
import { chatRoutes } from './http/chat-routes';
import { cors } from './http/cors';
import { errorMiddleware, notFound } from './http/error-middleware';
import { articleRoutes } from './http/article-routes';
import { knowledgeRoutes } from './http/knowledge-routes';
import { statsRoutes } from './http/stats-routes';
import { systemRoutes } from './http/system-routes';
import { widgetRoutes } from './http/widget-routes';
import { KnowledgeBase } from './knowledge/knowledge-base';
import type { KnowledgeIndex } from './knowledge/knowledge-index';
import { MiniSearchIndex } from './knowledge/minisearch-index';
import type { LlmProvider } from './llm/llm-provider';
import { OfflineAnswerer } from './llm/offline-answerer';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics/metrics';
import { StatsService } from './metrics/stats-service';
import { socketChatEvents } from './realtime/socket-chat-events';
import { registerVisitorNamespace } from './realtime/visitor-namespace';

/** What the app is built from; tests and benchmarks inject their own, as server.ts does. */
export interface AppDeps {
  config: Readonly<Config>;
  history: HistoryStore;
  /** @default a MiniSearch index */
  index?: KnowledgeIndex;
  /** @default none: answers are composed offline */
  llm?: LlmProvider;
  logger?: Logger;
}

export interface App {
  readonly server: http.Server;
  readonly io: Server;
  readonly knowledge: KnowledgeBase;
  readonly chat: ChatService;
  readonly metrics: Metrics;
  /** Loads the knowledge folder, starts watching it, connects Redis if configured, and listens. */
  start(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight answers finish (up to the grace period), releases everything. */
  close(): Promise<void>;
}

export function createApp(deps: AppDeps): App {
  const { config, history } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics({ defaultMetrics: true });
  const knowledge = new KnowledgeBase({
    root: config.knowledgeDir,
    index: deps.index ?? new MiniSearchIndex(),
    logger: logger.child({ module: 'knowledge' }),
    debounceMs: config.knowledgeDebounceMs,
  });
  const limiter = new RateLimiter({ windowMs: config.rateLimit.windowMs, disabled: config.rateLimit.disabled });

  const web = express();
  web.disable('x-powered-by');
  web.set('trust proxy', 'loopback');
  const server = http.createServer(web);
  const io = new Server(server, {
    cors: { origin: config.corsOrigins === '*' ? '*' : [...config.corsOrigins] },
    maxHttpBufferSize: config.limits.maxBodyBytes,
    // The widget bundles its own client; no need to serve one.
    serveClient: false,
    // Lets a visitor whose network blinked resume with the events it missed.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });

  const events = socketChatEvents(io);
  const engine = new AnswerEngine({
    history,
    knowledge,
    llm: deps.llm,
    offline: new OfflineAnswerer(),
    metrics,
    logger: logger.child({ module: 'answer' }),
    retrieval: config.retrieval,
    llmLimits: config.llm ? { totalMs: config.llm.timeoutMs, stallMs: config.llm.stallMs } : undefined,
  });
  const chat = new ChatService({
    history,
    engine,
    events,
    limiter,
    limits: { visitor: config.rateLimit.messages, ip: config.rateLimit.ipMessages, maxMessageChars: config.limits.maxMessageChars },
    metrics,
    logger: logger.child({ module: 'chat' }),
  });

  registerVisitorNamespace(io, { chat, logger });

  web.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  web.use(systemRoutes({ knowledge, history, metrics }));
  web.use(widgetRoutes({ publicDir: config.publicDir, demoPage: config.demoPage }));
  web.use(articleRoutes(knowledge, config.knowledgeDir));
  const api = express.Router();
  api.use(cors(config.corsOrigins));
  api.use(express.json({ limit: config.limits.maxBodyBytes, strict: true }));
  api.use(chatRoutes(chat, config.limits.maxMessageChars));
  api.use(knowledgeRoutes(knowledge));
  api.use(statsRoutes(new StatsService(history), config.statsWindowMs));
  web.use('/api/v1', api);
  web.use(notFound);
  web.use(errorMiddleware(logger.child({ module: 'http' })));

  const redisClients: ReturnType<typeof createClient>[] = [];

  return {
    server,
    io,
    knowledge,
    chat,
    metrics,
    async start(port = config.port, host = config.host) {
      const loaded = await knowledge.load();
      logger.info(loaded, 'knowledge loaded');
      await knowledge.watch();
      if (config.redisUrl) {
        const pub = createClient({ url: config.redisUrl });
        const sub = pub.duplicate();
        for (const c of [pub, sub]) c.on('error', (err) => logger.error({ err }, 'redis adapter connection error'));
        await Promise.all([pub.connect(), sub.connect()]);
        redisClients.push(pub, sub);
        io.adapter(createAdapter(pub, sub));
      }
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      return server.address() as AddressInfo;
    },
    async close() {
      // Stop taking new work first, then let answers already streaming finish.
      server.close();
      await chat.drain(config.shutdownGraceMs);
      io.disconnectSockets(true);
      // After the grace period nothing is owed to a client: a half-read download must not hold shutdown.
      server.closeAllConnections();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      limiter.close();
      await knowledge.close();
      await Promise.allSettled(redisClients.map((c) => c.quit()));
      await history.close();
    },
  };
}
