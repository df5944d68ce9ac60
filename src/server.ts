import { type Config, ConfigError, loadConfig } from './config';
import { createLogger } from './logger';
import { startServer } from './start-server';

/** Process entry: configuration, dependencies, listen, and a graceful stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // A library promise nobody awaited (the Socket.IO Redis adapter's publish while Redis is down)
  // must not take every conversation on this node with it: logged, counted, and survived.
  let metrics: { unhandled(): void } | undefined;
  process.on('unhandledRejection', (err) => {
    metrics?.unhandled();
    logger.error({ err }, 'unhandled rejection (survived)');
  });
  const { app, address, llm, readyMs } = await startServer(config, logger);
  metrics = app.metrics;
  const host = address.address === '0.0.0.0' || address.address === '::' ? 'localhost' : address.address;
  const origin = `http://${host}:${address.port}`;
  logger.info(
    {
      url: origin,
      console: `${origin}/console`,
      port: address.port,
      answers: llm ? llm.name : 'offline (no OPENAI_API_KEY)',
      history: config.redisUrl ? 'redis' : 'sqlite',
      knowledgeDir: config.knowledgeDir,
      readyMs,
    },
    'answerdesk ready',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Whatever happens in shutdown, the process ends: an orchestrator waiting on it must not hang.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 15_000).unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error('answerdesk failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
