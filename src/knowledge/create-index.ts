import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { HybridIndex } from './hybrid-index';
import type { KnowledgeIndex } from './knowledge-index';
import { LexicalIndex } from './lexical/lexical-index';
import { Thesaurus } from './lexical/thesaurus';
import { WordVectors } from './vectors/word-vectors';

/**
 * The configured index: hybrid (lexical + semantic) when the word vectors are there; lexical
 * only, said loudly, when not.
 */
export function createIndex(config: Pick<Config, 'wordVectors'>, logger: Logger): KnowledgeIndex {
  if (!config.wordVectors) return new LexicalIndex();
  if (!existsSync(config.wordVectors)) {
    logger.warn(
      { file: config.wordVectors },
      'word vectors not found (run `npm run build`): retrieval is lexical only',
    );
    return new LexicalIndex();
  }
  // The thesaurus sits beside the vectors; without it the semantic half still works.
  const thesaurus = path.join(path.dirname(config.wordVectors), 'wordnet.tsv');
  return new HybridIndex(
    WordVectors.load(config.wordVectors),
    {},
    existsSync(thesaurus) ? Thesaurus.load(thesaurus) : undefined,
  );
}
