import type { Config } from '../../config';
import type { Embedder } from './embedder';
import { LocalEmbedder } from './local-embedder';

/**
 * The semantic model: a configured embeddings endpoint (stronger models, a network call per
 * question), else the local sentence encoder, else none. Only the hybrid index uses it, so
 * with the word vectors turned off there is none either. The endpoint's client (the openai SDK)
 * is loaded only when one is configured.
 */
export function createEmbedder(
  config: Pick<Config, 'embeddings' | 'sentenceEncoder' | 'wordVectors' | 'dataDir'>,
): Embedder | undefined {
  if (config.embeddings) {
    const { OpenAiEmbedder } = require('./openai-embedder') as typeof import('./openai-embedder');
    return new OpenAiEmbedder({ ...config.embeddings, dataDir: config.dataDir });
  }
  if (config.sentenceEncoder && config.wordVectors) return new LocalEmbedder({ dataDir: config.dataDir });
  return undefined;
}
