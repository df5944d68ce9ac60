/**
 * `npx tsx bench/tune-decline.ts`: how the decline decision should weigh its signals, tuned the
 * only honest way: on some help centers, scored on one it has not seen. Every development set
 * in bench/eval/ is searched in-process with the embedded defaults, and each answerable and
 * unanswerable question's hits keep their signals (see HitSignals). For each set left out, the
 * semantic margin, its weight and the threshold that the other sets choose are scored on it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HitSignals } from '../src/knowledge/chunk';
import { createKnowledgeBase } from '../src/knowledge/create-knowledge-base';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logger';

interface Question {
  kind: string;
  question: string;
}
interface Sample {
  answerable: boolean;
  hits: HitSignals[];
}
interface Params {
  margin: number;
  weight: number;
  threshold: number;
}

const ROOT = path.resolve(__dirname, '..');
const EVAL_DIR = path.join(__dirname, 'eval');
/** The word-vector part of the confidence, as HybridIndex computes it. */
const wordsPart = (s: HitSignals) => 0.5 * Math.max(0, (s.words ?? 0) - 0.5);

function confidence(s: HitSignals, p: Params): number {
  const semantic = s.semantic === undefined ? 0 : p.weight * Math.max(0, s.semantic - (s.background ?? 0) - p.margin);
  return Math.min(1, s.coverage + Math.max(wordsPart(s), semantic));
}

/** The answered and declined rates of a set under `p`. */
function rates(samples: Sample[], p: Params): { answered: number; declined: number } {
  const answers = (s: Sample) => s.hits.some((h) => confidence(h, p) >= p.threshold);
  const yes = samples.filter((s) => s.answerable);
  const no = samples.filter((s) => !s.answerable);
  return {
    answered: yes.filter(answers).length / yes.length,
    declined: no.filter((s) => !answers(s)).length / no.length,
  };
}

/**
 * What a decision is worth on a set: the mean of the declined and the answered rates. A visitor
 * declined for no reason is failed as surely as one answered wrongly, so both weigh the same;
 * RETRIEVAL_MIN_SCORE moves along the trade-off (the table this prints ends with it).
 */
function worth(samples: Sample[], p: Params): number {
  const r = rates(samples, p);
  return (r.declined + r.answered) / 2;
}

function tune(sets: Sample[][]): Params & { value: number } {
  let best = { margin: 0, weight: 0, threshold: 0, value: -1 };
  for (let margin = 0; margin <= 0.301; margin += 0.02)
    for (const weight of [0, 0.5, 1, 1.5, 2, 3])
      for (let threshold = 0.2; threshold <= 0.801; threshold += 0.01) {
        const p = { margin, weight, threshold };
        const value = sets.reduce((sum, s) => sum + worth(s, p), 0) / sets.length;
        if (value > best.value + 1e-9) best = { ...p, value };
      }
  return best;
}

async function samplesOf(file: string): Promise<Sample[]> {
  const set = JSON.parse(readFileSync(file, 'utf8')) as { corpus?: string; questions: Question[] };
  const config = loadConfig({
    KNOWLEDGE_DIR: path.resolve(ROOT, set.corpus ?? 'knowledge'),
    DATA_DIR: path.join(os.tmpdir(), 'answerdesk-eval'),
    LOG_LEVEL: 'silent',
  });
  const kb = createKnowledgeBase(config, createLogger('silent'));
  await kb.vectorsReady();
  const samples: Sample[] = [];
  for (const q of set.questions) {
    if (!['keyword', 'paraphrase', 'multi', 'unanswerable'].includes(q.kind)) continue;
    const hits = await kb.search(q.question, config.retrieval.topK);
    samples.push({ answerable: q.kind !== 'unanswerable', hits: hits.map((h) => h.signals!).filter(Boolean) });
  }
  await kb.close();
  return samples;
}

async function main(): Promise<void> {
  const files = readdirSync(EVAL_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const sets = new Map<string, Sample[]>();
  for (const f of files) sets.set(path.basename(f, '.json'), await samplesOf(path.join(EVAL_DIR, f)));
  const f3 = (n: number) => n.toFixed(3);
  console.log('| left out | margin | weight | threshold | on the one left out: declined | answered |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, samples] of sets) {
    const others = [...sets].filter(([n]) => n !== name).map(([, s]) => s);
    const p = tune(others);
    const r = rates(samples, p);
    console.log(
      `| ${name} | ${p.margin.toFixed(2)} | ${p.weight} | ${p.threshold.toFixed(2)} | ${f3(r.declined)} | ${f3(r.answered)} |`,
    );
  }
  const all = tune([...sets.values()]);
  console.log(
    `\nall sets together: margin ${all.margin.toFixed(2)}, weight ${all.weight}, threshold ${all.threshold.toFixed(2)}`,
  );
  for (const [name, samples] of sets) {
    const r = rates(samples, all);
    console.log(`  ${name}: declined ${f3(r.declined)}, answered ${f3(r.answered)}`);
  }
  console.log('\nthe trade-off with those weights, by threshold (declined / answered, macro average over the sets)\n');
  for (let threshold = 0.4; threshold <= 0.801; threshold += 0.05) {
    const rs = [...sets.values()].map((samples) => rates(samples, { ...all, threshold }));
    const mean = (k: 'declined' | 'answered') => rs.reduce((a, r) => a + r[k], 0) / rs.length;
    console.log(`  ${threshold.toFixed(2)}: ${f3(mean('declined'))} / ${f3(mean('answered'))}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
