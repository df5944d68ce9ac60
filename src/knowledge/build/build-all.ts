/**
 * Build step (`npm run build`): every derived file retrieval loads, each skipped when up to date:
 * the word vectors, the thesaurus (which reads the word vectors) and the sentence encoder's files.
 * Usage: node dist/knowledge/build/build-all.js
 */
import path from 'node:path';
import { buildSentenceEncoder } from './build-sentence-encoder';
import { buildThesaurus } from './build-thesaurus';
import { buildWordVectors } from './build-word-vectors';

type Step = { skipped: boolean; file?: string; dir?: string };

async function step(name: string, run: () => Step | Promise<Step>): Promise<void> {
  const started = Date.now();
  const r = await run();
  const where = path.relative(process.cwd(), r.file ?? r.dir ?? '');
  console.log(r.skipped ? `${name}: ${where} is up to date` : `${name}: ${where} built in ${Date.now() - started} ms`);
}

if (require.main === module) {
  (async () => {
    await step('word vectors', () => buildWordVectors());
    await step('thesaurus', () => buildThesaurus());
    await step('sentence encoder', () => buildSentenceEncoder());
  })().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
