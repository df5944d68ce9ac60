import { statSync } from 'node:fs';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { HybridIndex } from './hybrid-index';
import { indexFiles, type IndexFiles } from './index-files';
import type { KnowledgeIndex } from './knowledge-index';
import { LexicalIndex } from './lexical-index';
import { Thesaurus } from './thesaurus';
import { WordVectors } from './word-vectors';

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
