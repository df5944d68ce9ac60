import type { Config } from '../config';
import type { Logger } from '../logger';
import { createEmbedder } from './create-embedder';
import { createIndex } from './create-index';
import type { KnowledgeIndex } from './knowledge-index';
import { KnowledgeBase } from './knowledge-base';

/**
 * The knowledge base as configured: the index (hybrid when the word vectors are there), the
 * semantic model, the folder. Its own module, light to load, so that a server can start reading
 * the folder before the HTTP stack is loaded (see startServer).
 */
export function createKnowledgeBase(config: Readonly<Config>, logger: Logger, index?: KnowledgeIndex): KnowledgeBase {
  // The embedder first: the local encoder's threads load their model while the word vectors load here.
  const embedder = createEmbedder(config);
  return new KnowledgeBase({
    root: config.knowledgeDir,
    index: index ?? createIndex(config, logger),
    logger: logger.child({ module: 'knowledge' }),
    debounceMs: config.knowledgeDebounceMs,
    embedder,
    embedTimeoutMs: config.embeddings?.timeoutMs,
  });
}
