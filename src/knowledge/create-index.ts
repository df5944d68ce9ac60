import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { HybridIndex } from './hybrid-index';
import type { KnowledgeIndex } from './knowledge-index';
import { LexicalIndex } from './lexical-index';
import { Thesaurus } from './thesaurus';
import { WordVectors } from './word-vectors';

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

export function buildIndex(files: IndexFiles): KnowledgeIndex {
  if (!files.wordVectors) return new LexicalIndex();
  return new HybridIndex(loaded(files.wordVectors, WordVectors.load), {}, files.thesaurus ? loaded(files.thesaurus, Thesaurus.load) : undefined);
}

/** The configured index, in this thread. */
export function createIndex(config: Pick<Config, 'wordVectors'>, logger: Logger): KnowledgeIndex {
  return buildIndex(indexFiles(config, logger));
}

// Read-only after loading, so indexes in one thread (tests, benchmarks, a cluster module) share them.
const cache = new Map<string, { mtimeMs: number; value: unknown }>();

function loaded<T>(file: string, load: (file: string) => T): T {
  const mtimeMs = statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.value as T;
  const value = load(file);
  cache.set(file, { mtimeMs, value });
  return value;
}
