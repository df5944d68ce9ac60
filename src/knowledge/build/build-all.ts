/**
 * Build step (`npm run build`): every derived file retrieval loads, each skipped when up to date:
 * the word vectors, the thesaurus (which reads the word vectors) and the sentence encoder's files.
 * Each step runs in a process of its own, so the build's peak memory is its largest step's, not
 * their sum. Usage: node dist/knowledge/build/build-all.js [step]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildSentenceEncoder } from './build-sentence-encoder';
import { buildThesaurus } from './build-thesaurus';
import { buildWordVectors } from './build-word-vectors';

type Step = { skipped: boolean; file?: string; dir?: string };

const STEPS: Record<string, () => Step | Promise<Step>> = {
  'word vectors': () => buildWordVectors(),
  thesaurus: () => buildThesaurus(),
  'sentence encoder': () => buildSentenceEncoder(),
};

async function step(name: string): Promise<void> {
  const started = Date.now();
  const r = await STEPS[name]();
  const where = path.relative(process.cwd(), r.file ?? r.dir ?? '');
  console.log(r.skipped ? `${name}: ${where} is up to date` : `${name}: ${where} built in ${Date.now() - started} ms`);
}

if (require.main === module) {
  const only = process.argv[2];
  if (only) {
    step(only).catch((err: unknown) => {
      console.error(`${only}: ${err instanceof Error ? err.message : err}`);
      process.exitCode = 1;
    });
  } else {
    // In order: the thesaurus keeps only words the word vectors know.
    for (const name of Object.keys(STEPS)) {
      const run = spawnSync(process.execPath, [...process.execArgv, __filename, name], { stdio: 'inherit' });
      if (run.status !== 0) process.exit(run.status ?? 1);
    }
  }
}
