/**
 * Build step (`npm run build`): every derived file retrieval loads, each skipped when up to date:
 * the word vectors, the thesaurus (which reads the word vectors) and the sentence encoder's graph.
 * Usage: node dist/knowledge/build/build-all.js
 */
import path from 'node:path';
import { buildSentenceEncoder } from './build-sentence-encoder';
import { buildThesaurus } from './build-thesaurus';
import { buildWordVectors } from './build-word-vectors';

function step(name: string, run: () => { skipped: boolean; file?: string; dir?: string }): void {
  const started = Date.now();
  const r = run();
  const where = path.relative(process.cwd(), r.file ?? r.dir ?? '');
  console.log(r.skipped ? `${name}: ${where} is up to date` : `${name}: ${where} built in ${Date.now() - started} ms`);
}

if (require.main === module) {
  step('word vectors', () => buildWordVectors());
  step('thesaurus', () => buildThesaurus());
  step('sentence encoder', () => buildSentenceEncoder());
}
