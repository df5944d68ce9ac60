import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { HybridIndex } from './hybrid-index';
import type { KnowledgeIndex } from './knowledge-index';
import { LexicalIndex } from './lexical-index';
import { Thesaurus } from './thesaurus';
import { WordVectors } from './word-vectors';

/** Hybrid (lexical + semantic) when the word vectors are there; lexical only, said loudly, when not. */
export function createIndex(config: Pick<Config, 'wordVectors'>, logger: Logger): KnowledgeIndex {
  if (!config.wordVectors) return new LexicalIndex();
  if (!existsSync(config.wordVectors)) {
    logger.warn({ file: config.wordVectors }, 'word vectors not found (run `npm run build`): retrieval is lexical only');
    return new LexicalIndex();
  }
  // The thesaurus sits beside the vectors; without it the semantic half still works.
  const thesaurusFile = path.join(path.dirname(config.wordVectors), 'wordnet.tsv');
  return new HybridIndex(loaded(config.wordVectors, WordVectors.load), {}, existsSync(thesaurusFile) ? loaded(thesaurusFile, Thesaurus.load) : undefined);
}

// Read-only after loading, so apps in one process (tests, benchmarks, a cluster module) share them.
const cache = new Map<string, { mtimeMs: number; value: unknown }>();

function loaded<T>(file: string, load: (file: string) => T): T {
  const mtimeMs = statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.value as T;
  const value = load(file);
  cache.set(file, { mtimeMs, value });
  return value;
}
