import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';

/** The files an index is built from: none for a lexical index. */
export interface IndexFiles {
  wordVectors?: string;
  thesaurus?: string;
}

/**
 * Which files the configured index needs: hybrid (lexical + semantic) when the word vectors are
 * there; lexical only, said loudly, when not. Decided where the logger is, whichever thread then
 * builds the index (see ThreadedIndex).
 */
export function indexFiles(config: Pick<Config, 'wordVectors'>, logger: Logger): IndexFiles {
  if (!config.wordVectors) return {};
  if (!existsSync(config.wordVectors)) {
    logger.warn({ file: config.wordVectors }, 'word vectors not found (run `npm run build`): retrieval is lexical only');
    return {};
  }
  // The thesaurus sits beside the vectors; without it the semantic half still works.
  const thesaurus = path.join(path.dirname(config.wordVectors), 'wordnet.tsv');
  return { wordVectors: config.wordVectors, thesaurus: existsSync(thesaurus) ? thesaurus : undefined };
}
