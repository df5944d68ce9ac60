/**
 * `npm run eval [-- --questions FILE] [--knowledge DIR] [--url URL]`: retrieval quality through
 * the public API, the way an outside scorer sees it: GET /api/v1/knowledge/search for the
 * ranking, POST /api/v1/chat for whether the bot answers or declines. Without --url it starts
 * the server in-process with the embedded defaults (offline answers, no API key).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { MemoryHistoryStore } from '../src/history/memory-history-store';
import { percentile } from '../src/metrics/percentile';

type Kind = 'keyword' | 'paraphrase' | 'multi' | 'unanswerable';
interface Question {
  id: string;
  kind: Kind;
  question: string;
  expected: string[];
}
interface QuestionFile {
  corpus?: string;
  questions: Question[];
}

const ROOT = path.resolve(__dirname, '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const questionsFile = path.resolve(arg('questions') ?? path.join(__dirname, 'eval', 'arduino-dev.json'));
  const set = JSON.parse(readFileSync(questionsFile, 'utf8')) as QuestionFile;
  let url = arg('url');
  let stop = async (): Promise<void> => undefined;
  if (!url) {
    const knowledgeDir = path.resolve(ROOT, arg('knowledge') ?? set.corpus ?? 'knowledge');
    const config = loadConfig({
      ...process.env,
      KNOWLEDGE_DIR: knowledgeDir,
      DATA_DIR: path.join(os.tmpdir(), 'answerdesk-eval'),
      LOG_LEVEL: 'silent',
      RATE_LIMIT_DISABLED: '1',
      DEMO_PAGE: '0',
    });
    const app = createApp({ config, history: new MemoryHistoryStore() });
    const address = await app.start(0, '127.0.0.1');
    url = `http://127.0.0.1:${address.port}`;
    stop = () => app.close();
    console.log(
      `knowledge: ${path.relative(ROOT, knowledgeDir) || knowledgeDir} (${app.knowledge.documents().length} documents)`,
    );
  }
  console.log(`questions: ${path.relative(ROOT, questionsFile)} (${set.questions.length})\n`);

  const rows: { q: Question; files: string[]; answered: boolean; tookMs: number }[] = [];
  for (const q of set.questions) {
    const search = (await (
      await fetch(`${url}/api/v1/knowledge/search?q=${encodeURIComponent(q.question)}&k=20`)
    ).json()) as { results: { path: string }[]; tookMs: number };
    const files = [...new Set(search.results.map((r) => r.path))];
    const chat = (await (
      await fetch(`${url}/api/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: q.question }),
      })
    ).json()) as {
      message: { answered: boolean } | null;
    };
    rows.push({ q, files, answered: chat.message?.answered !== false, tookMs: search.tookMs });
  }
  await stop();

  const recallAt = (r: (typeof rows)[number], k: number) => {
    const top = r.files.slice(0, k);
    const found = r.q.expected.filter((e) => top.includes(e)).length;
    return r.q.kind === 'multi' ? found / r.q.expected.length : found > 0 ? 1 : 0;
  };
  const rr = (r: (typeof rows)[number]) => {
    const i = r.files.findIndex((f) => r.q.expected.includes(f));
    return i < 0 ? 0 : 1 / (i + 1);
  };
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const answerable = rows.filter((r) => r.q.kind !== 'unanswerable');
  const groups: [string, typeof rows][] = [
    ...(['keyword', 'paraphrase', 'multi'] as const).map(
      (k) => [k, rows.filter((r) => r.q.kind === k)] as [string, typeof rows],
    ),
    ['all answerable', answerable],
  ];
  const f = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(3));
  console.log('| kind | n | recall@1 | recall@3 | recall@5 | MRR | answered |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const summary: Record<string, unknown> = {};
  for (const [name, rs] of groups) {
    if (!rs.length) continue;
    const s = {
      n: rs.length,
      r1: mean(rs.map((r) => recallAt(r, 1))),
      r3: mean(rs.map((r) => recallAt(r, 3))),
      r5: mean(rs.map((r) => recallAt(r, 5))),
      mrr: mean(rs.map(rr)),
      answered: mean(rs.map((r) => (r.answered ? 1 : 0))),
    };
    summary[name] = s;
    console.log(`| ${name} | ${s.n} | ${f(s.r1)} | ${f(s.r3)} | ${f(s.r5)} | ${f(s.mrr)} | ${f(s.answered)} |`);
  }
  const unanswerable = rows.filter((r) => r.q.kind === 'unanswerable');
  const declined = mean(unanswerable.map((r) => (r.answered ? 0 : 1)));
  const latencies = rows.map((r) => r.tookMs);
  const p50 = percentile(latencies, 50)!;
  const p95 = percentile(latencies, 95)!;
  console.log(
    `\nunanswerable declined: ${f(declined)} (${unanswerable.filter((r) => !r.answered).length}/${unanswerable.length})`,
  );
  console.log(`answerable answered:   ${f(mean(answerable.map((r) => (r.answered ? 1 : 0))))}`);
  console.log(`retrieval (server):    p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`);
  if (process.argv.includes('--verbose')) {
    console.log('\nmisses (expected not in the top 3) and wrong decisions:');
    for (const r of rows) {
      const miss = r.q.kind !== 'unanswerable' && recallAt(r, 3) < 1;
      const wrong = r.q.kind === 'unanswerable' ? r.answered : !r.answered;
      if (miss || wrong)
        console.log(
          `  ${r.q.id} ${miss ? 'MISS' : ''}${wrong ? ' WRONG-DECISION' : ''} "${r.q.question}" -> ${r.files
            .slice(0, 3)
            .map((p) => path.basename(p))
            .join(', ')}`,
        );
    }
  }
  const out = path.join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'eval-latest.json'),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        questions: path.relative(ROOT, questionsFile),
        summary,
        declined,
        retrievalMs: { p50, p95 },
      },
      null,
      2,
    ),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
