import type { Config } from '../config';
import type { Logger } from '../logger';
import { createEmbedder } from './embedders/create-embedder';
import { createIndex } from './create-index';
import { KnowledgeBase } from './knowledge-base';
import type { KnowledgeIndex } from './knowledge-index';

/**
 * The knowledge base as configured: the index (hybrid when the word vectors are there), the semantic model, the
 * folder.
 */
export function createKnowledgeBase(config: Readonly<Config>, logger: Logger, index?: KnowledgeIndex): KnowledgeBase {
  // The embedder first: the local encoder's threads load their model while the word vectors
  // load and the folder is read.
  const embedder = createEmbedder(config);
  return new KnowledgeBase({
    root: config.knowledgeDir,
    index: index ?? createIndex(config, logger),
    logger: logger.child({ module: 'knowledge' }),
    debounceMs: config.knowledgeDebounceMs,
    embedder,
    embedTimeoutMs: config.embeddings?.timeoutMs,
    baseUrl: config.knowledgeBaseUrl,
  });
}
