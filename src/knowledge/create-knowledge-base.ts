import type { Config } from '../config';
import type { Logger } from '../logger';
import { createEmbedder } from './create-embedder';
import { buildIndex, indexFiles } from './create-index';
import { InProcessIndex, type IndexHost } from './index-host';
import { ThreadedIndex } from './index-thread';
import { KnowledgeBase } from './knowledge-base';

/**
 * The knowledge base as configured: the index (hybrid when the word vectors are there), the
 * semantic model, the folder. Its own module, light to load, so that a server can start reading
 * the folder before the HTTP stack is loaded (see startServer).
 */
export function createKnowledgeBase(config: Readonly<Config>, logger: Logger, index?: IndexHost): KnowledgeBase {
  // The embedder first: the local encoder's threads load their model while the word vectors
  // load (here, or on the index's own thread) and the folder is read.
  const embedder = createEmbedder(config);
  return new KnowledgeBase({
    root: config.knowledgeDir,
    index: index ?? configuredIndex(config, logger),
    logger: logger.child({ module: 'knowledge' }),
    debounceMs: config.knowledgeDebounceMs,
    embedder,
    embedTimeoutMs: config.embeddings?.timeoutMs,
  });
}

function configuredIndex(config: Readonly<Config>, logger: Logger): IndexHost {
  const files = indexFiles(config, logger);
  return config.retrievalThread ? new ThreadedIndex(files, logger.child({ module: 'knowledge' })) : new InProcessIndex(buildIndex(files));
}
