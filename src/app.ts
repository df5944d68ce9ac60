import express from 'express';
import http from 'node:http';
import path from 'node:path';
import { Attachments } from './files/attachments';
import { mountRoutes } from './http/mount-routes';
import { DiskFileStore } from './files/disk-file-store';
import type { FileStore } from './files/file-store';
import type { AddressInfo } from 'node:net';
import type { RedisClient } from './history/redis-connection';
import { Server } from 'socket.io';
import { AnswerEngine } from './chat/answer-engine';
import { ChatService } from './chat/chat-service';
import { MemoryRateLimits } from './limits/memory-rate-limits';
import { NO_RATE_LIMITS, type RateLimits } from './limits/rate-limits';
import type { Config } from './config';
import type { HistoryStore } from './history/history-store';
import { AllowedOrigins } from './http/allowed-origins';
import { clientAddress, trustProxy } from './http/client-address';
import { RetentionPurge } from './history/retention';
import { Availability } from './availability/availability';
import { TeamHours } from './availability/team-hours';
import { Handoff } from './chat/handoff';
import { ConversationEnd } from './chat/conversation-end';
import { HandoffTimeouts } from './chat/handoff-timeouts';
import { socketAgentPresence } from './realtime/agent-presence';
import { createTeamAlerts } from './notify/create-team-alerts';
import { LlmHealth } from './llm/llm-health';
import type { ChatEvents } from './chat/chat-events';
import type { KnowledgeIndex } from './knowledge/knowledge-index';
import type { KnowledgeBase } from './knowledge/knowledge-base';
import { createKnowledgeBase } from './knowledge/create-knowledge-base';
import type { LlmProvider } from './llm/llm-provider';
import { OfflineAnswerer } from './llm/offline-answerer';
import { LlmSpend } from './llm/llm-spend';
import { VisitorPresence } from './chat/visitor-presence';
import { createLogger, type Logger } from './logger';
import { Metrics } from './metrics/metrics';
import { socketChatEvents } from './realtime/socket-chat-events';
import { registerVisitorNamespace } from './realtime/visitor-namespace';
import { registerAgentNamespace } from './realtime/agent-namespace';
import { agentRoom } from './realtime/rooms';
import { SILENCE_EVENT } from './realtime/socket-chat-events';
import { AgentDesk } from './agents/agent-desk';
import type { AgentStore } from './agents/agent-store';
import { AuthService } from './agents/auth-service';
import { LoginThrottle } from './agents/login-throttle';
import { MemoryAgentStore } from './agents/memory-agent-store';
import { KnowledgeFiles } from './agents/knowledge-files';
import type { AppServer, InterServerEvents } from './realtime/namespaces';
import { IdentityVerifier } from './visitors/identity-verifier';
import { loadServerSecret } from './visitors/token-secret';
import { VisitorAuth } from './visitors/visitor-auth';
import { VisitorTokens } from './visitors/visitor-tokens';

/** What the app is built from; tests and benchmarks inject their own, as server.ts does. */
export interface AppDeps {
  config: Readonly<Config>;
  history: HistoryStore;
  /** The knowledge index. @default the configured one (hybrid when the word vectors are built) */
  index?: KnowledgeIndex;
  /** @default none: answers are composed offline */
  llm?: LlmProvider;
  /** Agent accounts and sessions. @default in memory (server.ts passes SQLite or Redis) */
  agents?: AgentStore;
  /** Rate limits and sign-in counts. @default in memory (server.ts passes Redis with REDIS_URL) */
  rateLimits?: RateLimits;
  /** Conversations' files. @default under DATA_DIR (server.ts passes the store beside the history) */
  files?: FileStore;
  logger?: Logger;
}

export interface App {
  readonly server: http.Server;
  /** The HTTP routes (the OpenAPI document's test reads them). */
  readonly web: express.Express;
  readonly io: AppServer;
  readonly knowledge: KnowledgeBase;
  readonly chat: ChatService;
  /** Photos and files of conversations. */
  readonly files: Attachments;
  readonly metrics: Metrics;
  /** Loads the knowledge folder, starts watching it, connects Redis if configured, and listens. */
  start(port?: number, host?: string): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight answers finish (up to the grace period), releases everything. */
  close(): Promise<void>;
}

/** Longest one step of shutdown may take once the grace period is over. */
const CLOSE_STEP_MS = 3000;

/** Rejects when `p` has not settled within `ms`. */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not done within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** How far back a starting node looks for questions left unanswered. */
const RECOVERY_WINDOW_MS = 24 * 3_600_000;
/** How long a starting node lets visitors reconnect before it answers what they left (the widget retries within 4 s). */
const RECOVERY_DELAY_MS = 5000;

/** Largest socket frame read before the connection is closed (see maxHttpBufferSize below). */
const SOCKET_FRAME_BYTES = 1_000_000;

export function createApp(deps: AppDeps): App {
  const { config, history } = deps;
  const logger = deps.logger ?? createLogger(config.logLevel);
  const metrics = new Metrics({ defaultMetrics: true });
  const knowledge = createKnowledgeBase(config, logger, deps.index);
  const rateLimits = deps.rateLimits ?? new MemoryRateLimits();
  // RATE_LIMIT_DISABLED lifts the visitors' limits only: sign-in limits stay on.
  const limiter = config.rateLimit.disabled ? NO_RATE_LIMITS : rateLimits;

  const origins = new AllowedOrigins(config.allowedOrigins);
  if (origins.open)
    logger.warn('ALLOWED_ORIGINS is not set: any website can embed the widget and spend this server’s answers');
  const trust = trustProxy(config.trustProxy);
  const web = express();
  web.disable('x-powered-by');
  web.set('trust proxy', trust);
  const server = http.createServer(web);
  const io: AppServer = new Server<Record<string, never>, Record<string, never>, InterServerEvents>(server, {
    cors: { origin: origins.open ? '*' : [...origins.list] },
    // Both transports' handshakes: a page on a site not in ALLOWED_ORIGINS gets no socket.
    allowRequest: (req, callback) => callback(null, origins.allowsRequest(req)),
    // Above any valid packet, so an oversized message gets its typed error (message_too_long, or
    // the schema's) in the ack; only a frame past this closes the connection, as engine.io must.
    maxHttpBufferSize: Math.max(config.limits.maxBodyBytes, SOCKET_FRAME_BYTES),
    // The widget bundles its own client; no need to serve one.
    serveClient: false,
    // Lets a visitor whose network blinked resume with the events it missed.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });

  const agentPresence = socketAgentPresence(io);
  const team = createTeamAlerts(config, {
    agents: () => auth.listAgents(),
    online: () => agentPresence.onlineAgentIds(),
    lastQuestion: async (id) =>
      (await history.listMessages(id, { limit: 20 })).filter((m) => m.role === 'visitor').at(-1)?.text,
    logger,
  });
  const health = new LlmHealth((failures, lastError) => team.alerts.llmFailing(failures, lastError));
  // The chat's events reach sockets, and the ones that need a person reach the team outside the console too.
  const sockets = socketChatEvents(io, { clustered: Boolean(config.redisUrl) });
  const events: ChatEvents = {
    ...sockets,
    handoffRequested: (c) => {
      sockets.handoffRequested(c);
      team.alerts.handoffRequested(c);
    },
    offlineMessage: (c) => {
      sockets.offlineMessage(c);
      team.alerts.offlineMessage(c);
    },
  };
  const spend = config.llm ? new LlmSpend(config.llm.spend) : undefined;
  const presence = new VisitorPresence(config.visitorGoneMs);
  metrics.gauge(
    'answerdesk_socket_connections_visitor',
    'Visitor sockets open on this node.',
    () => io.of('/visitor').sockets.size,
  );
  metrics.gauge(
    'answerdesk_socket_connections_agent',
    'Agent console sockets open on this node.',
    () => io.of('/agent').sockets.size,
  );
  if (spend) {
    metrics.gauge('answerdesk_llm_queue_depth', 'Answers waiting for an LLM slot on this node.', () => spend.waiting);
    metrics.gauge('answerdesk_llm_in_flight', 'LLM upstream calls running on this node.', () => spend.running);
  }
  const retention = new RetentionPurge({
    history,
    days: config.retentionDays,
    metrics,
    logger: logger.child({ module: 'retention' }),
    afterDeletion: () => attachments.sweep(),
  });
  const engine = new AnswerEngine({
    history,
    health,
    knowledge,
    llm: deps.llm,
    offline: new OfflineAnswerer(),
    metrics,
    logger: logger.child({ module: 'answer' }),
    retrieval: config.retrieval,
    llmLimits: config.llm ? { totalMs: config.llm.timeoutMs, stallMs: config.llm.stallMs } : undefined,
    spend,
    clustered: Boolean(config.redisUrl),
    streamBatchMs: config.streamBatchMs,
    productName: config.productName,
  });
  const chat = new ChatService({
    history,
    engine,
    events,
    limiter,
    limits: {
      visitor: config.rateLimit.messages,
      ip: config.rateLimit.ipMessages,
      newConversations: config.rateLimit.newConversations,
      windowMs: config.rateLimit.windowMs,
      maxMessageChars: config.limits.maxMessageChars,
    },
    metrics,
    logger: logger.child({ module: 'chat' }),
  });

  const handoff = new Handoff({
    history,
    events,
    availability: new Availability({
      hours: async () => (await teamHours.current()).hours,
      presence: agentPresence,
    }),
    metrics,
    logger: logger.child({ module: 'handoff' }),
    timeoutMs: config.handoffTimeoutMs,
  });
  const handoffTimeouts = new HandoffTimeouts({
    history,
    handoff,
    timeoutMs: config.handoffTimeoutMs,
    logger: logger.child({ module: 'handoff' }),
  });

  const secret = loadServerSecret(config.visitors.serverSecret, config.dataDir);
  const visitors = new VisitorAuth(
    new VisitorTokens(secret, config.visitors.tokenTtlMs),
    new IdentityVerifier(config.visitors.identitySecret, config.visitors.identityRequired),
    secret,
  );
  registerVisitorNamespace(io, {
    chat,
    handoff,
    end: new ConversationEnd({ history, events, email: team.email, productName: config.productName }),
    visitors,
    logger,
    limiter,
    presence,
    handshakeLimit: { capacity: config.rateLimit.handshakes, windowMs: config.rateLimit.windowMs },
    addressOf: (req) => clientAddress(req, trust),
  });
  // Another node's takeover: stop the answer this node is writing in that conversation.
  io.on(SILENCE_EVENT, (conversationId: unknown) => {
    if (typeof conversationId === 'string') chat.silenceLocal(conversationId);
  });

  const agents = deps.agents ?? new MemoryAgentStore();
  const teamHours = new TeamHours({ store: agents, configured: config.businessHours });
  const auth = new AuthService({
    store: agents,
    logger: logger.child({ module: 'auth' }),
    sessionTtlMs: config.agentSessionTtlMs,
    throttle: new LoginThrottle({ limits: rateLimits, limit: config.loginRateLimit }),
    onSessionsEnded: (agentId) => io.of('/agent').in(agentRoom(agentId)).disconnectSockets(true),
    // `desk` is built below; nobody can be removed before the app has started.
    onAgentRemoved: (agentId): Promise<number> => desk.requeueOwnedBy(agentId),
  });
  const desk: AgentDesk = new AgentDesk({
    history,
    chat,
    events,
    auth,
    metrics,
    logger: logger.child({ module: 'desk' }),
    maxMessageChars: config.limits.maxMessageChars,
    handoff,
    afterDeletion: () => attachments.sweep(),
  });
  const fileStore = deps.files ?? new DiskFileStore(path.join(config.dataDir, 'files'));
  const attachments = new Attachments({
    files: fileStore,
    history,
    chat,
    desk,
    auth,
    limiter,
    limits: {
      maxFileBytes: config.limits.maxFileBytes,
      filesPerWindow: config.limits.filesPerWindow,
      windowMs: config.rateLimit.windowMs,
    },
    metrics,
    logger: logger.child({ module: 'files' }),
  });
  const files = new KnowledgeFiles({
    root: config.knowledgeDir,
    knowledge,
    agents,
    auth,
    logger: logger.child({ module: 'knowledge-files' }),
  });
  registerAgentNamespace(io, { desk, auth, logger, presence: agentPresence });

  mountRoutes(web, {
    config,
    logger,
    metrics,
    origins,
    knowledge,
    history,
    chat,
    visitors,
    auth,
    desk,
    attachments,
    teamHours,
    agents,
    knowledgeFiles: files,
    spend,
    health,
  });

  const redisClients: RedisClient[] = [];
  let recoveryTimer: NodeJS.Timeout | undefined;
  let sync: { close(): Promise<void> } | undefined;

  return {
    server,
    web,
    io,
    knowledge,
    chat,
    files: attachments,
    metrics,
    async start(port = config.port, host = config.host) {
      const [loaded] = await Promise.all([knowledge.load(), auth.ensureFirstAdmin(config.admin)]);
      logger.info(loaded, 'knowledge loaded');
      if (config.redisUrl) {
        // Loaded only with Redis: a server without it should not load the client library.
        const [{ createClient }, { createAdapter, createShardedAdapter }] = await Promise.all([
          import('redis'),
          import('@socket.io/redis-adapter'),
        ]);
        const pub = createClient({ url: config.redisUrl });
        const sub = pub.duplicate();
        for (const c of [pub, sub]) c.on('error', (err) => logger.error({ err }, 'redis adapter connection error'));
        await Promise.all([pub.connect(), sub.connect()]);
        redisClients.push(pub, sub);
        if (config.socketAdapter === 'streams') {
          // A stream each node reads from where it stopped: what is published while Redis restarts
          // is read after, not lost (bench/cluster-outage.ts).
          const { createAdapter: createStreamsAdapter } = await import('@socket.io/redis-streams-adapter');
          io.adapter(createStreamsAdapter(pub));
        } else
          io.adapter(
            config.socketAdapter === 'sharded'
              ? // A channel per room, subscribed by the nodes that have it: nodes hear only their rooms' events.
                createShardedAdapter(pub, sub, { subscriptionMode: 'dynamic' })
              : createAdapter(pub, sub),
          );
        // Every node's knowledge folder alike, with no shared file system: caught up before ready.
        const [{ connectRedis }, { KnowledgeSync }] = await Promise.all([
          import('./history/redis-connection'),
          import('./cluster/knowledge-sync'),
        ]);
        const client = await connectRedis(config.redisUrl, { commandTimeoutMs: config.redisCommandTimeoutMs });
        redisClients.push(client);
        const knowledgeSync = new KnowledgeSync({
          client,
          knowledge,
          root: config.knowledgeDir,
          logger: logger.child({ module: 'knowledge-sync' }),
        });
        sync = knowledgeSync;
        await knowledgeSync.start();
      }
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      setImmediate(() => knowledge.warmUp());
      // Questions a crash or a stop left unanswered: once visitors have had the time to reconnect
      // (their own connection asks first, and gets the LLM's answer), the rest are answered
      // offline, at no cost, for their return.
      recoveryTimer = setTimeout(() => {
        chat
          .recoverRecent(RECOVERY_WINDOW_MS, (id) => presence.connected(id))
          .catch((err: unknown) => logger.warn({ err }, 'could not check for unanswered questions'));
      }, RECOVERY_DELAY_MS);
      recoveryTimer.unref();
      retention.start();
      handoffTimeouts.start();
      // The watcher starts once the server is ready, so its scan of the folder (a stat of every
      // file) does not compete with the first load. Edits made from the first load's read of a
      // file until the watcher is ready are caught up by reconcile, which runs once it is.
      knowledge
        .watch()
        .then(() => knowledge.reconcile())
        .then(
          (n) => n > 0 && logger.info({ files: n }, 'knowledge files changed during start-up: re-reading them'),
          (err: unknown) => logger.warn({ err }, 'could not watch or check the knowledge folder after start-up'),
        );
      return server.address() as AddressInfo;
    },
    async close() {
      // Stop taking new work first, then let answers already streaming finish.
      clearTimeout(recoveryTimer);
      retention.stop();
      handoffTimeouts.stop();
      server.close();
      await chat.drain(config.shutdownGraceMs);
      // What could not finish in the grace period is left for recovery, never stored half-done.
      chat.abandon();
      io.disconnectSockets(true);
      // After the grace period nothing is owed to a client: a half-read download must not hold shutdown.
      server.closeAllConnections();
      // Each release is bounded: a connection stuck reconnecting to a store that just came back
      // must not keep the process from exiting (the next start recovers whatever was left).
      const bounded = (what: string, p: Promise<unknown>) =>
        withTimeout(p, CLOSE_STEP_MS).catch((err: unknown) => logger.warn({ err, what }, 'shutdown step abandoned'));
      await bounded('sockets', new Promise<void>((resolve) => io.close(() => resolve())));
      await bounded('rate limits', rateLimits.close());
      await bounded('knowledge', knowledge.close());
      await bounded('knowledge sync', sync?.close() ?? Promise.resolve());
      await bounded('team alerts', team.close());
      await Promise.allSettled(
        redisClients.map((c) =>
          bounded('redis', c.quit()).then(async () => {
            if (c.isOpen) await c.disconnect();
          }),
        ),
      );
      await bounded('files', fileStore.close());
      await bounded('history', history.close());
      await bounded('agents', agents.close());
    },
  };
}
