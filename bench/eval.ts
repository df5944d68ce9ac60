/**
 * `npm run eval [-- --questions FILE ...] [--knowledge DIR] [--url URL] [--verbose]`: retrieval
 * and answer quality through the public API, the way an outside scorer sees it: GET
 * /api/v1/knowledge/search for the ranking and POST /api/v1/chat for what the bot does. Without
 * `--questions` it runs every development set in bench/eval/ (one per help center), each
 * against a server started in-process on that set's corpus with the embedded defaults (offline
 * answers, no API key), then prints the macro average and a leave-one-corpus-out estimate of
 * the decline decision: its threshold tuned on the other corpora, scored on the one left out.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { MemoryHistoryStore } from '../src/history/memory-history-store';
import { percentile } from '../src/metrics/percentile';

type Kind = 'keyword' | 'paraphrase' | 'multi' | 'unanswerable' | 'smalltalk' | 'followup';
interface Question {
  id: string;
  kind: Kind;
  question: string;
  expected: string[];
  /** Follow-ups: what the visitor asked before, in the same conversation. */
  turns?: string[];
}
interface QuestionFile {
  corpus?: string;
  questions: Question[];
}
interface Row {
  q: Question;
  /** Files in the order search ranked them (follow-ups: the answer's sources). */
  files: string[];
  /** The best hit's confidence: what the decline decision reads. */
  top: number;
  answered: boolean;
  tookMs: number;
}
interface SetResult {
  name: string;
  rows: Row[];
}

const ROOT = path.resolve(__dirname, '..');
const EVAL_DIR = path.join(__dirname, 'eval');
const ANSWERABLE: Kind[] = ['keyword', 'paraphrase', 'multi', 'followup'];

function args(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === `--${name}` && process.argv[i + 1]) out.push(process.argv[i + 1]);
  });
  return out;
}

async function post(
  url: string,
  body: object,
): Promise<{
  conversationId: string;
  token: string;
  message: { answered?: boolean; sources?: { path: string }[] } | null;
}> {
  const res = await fetch(`${url}/api/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`POST /chat answered ${res.status}: ${await res.text()}`);
  return res.json() as never;
}

async function ask(url: string, q: Question): Promise<Row> {
  const search = (await (
    await fetch(`${url}/api/v1/knowledge/search?q=${encodeURIComponent(q.question)}&k=20`)
  ).json()) as { results: { path: string; score: number }[]; tookMs: number };
  let files = [...new Set(search.results.map((r) => r.path))];
  const top = Math.max(0, ...search.results.map((r) => r.score));
  let context: { conversationId?: string; token?: string } = {};
  for (const turn of q.turns ?? []) {
    const r = await post(url, { text: turn, ...context });
    context = { conversationId: r.conversationId, token: r.token };
  }
  const chat = await post(url, { text: q.question, ...context });
  // A follow-up is understood only with its conversation, which search does not have.
  if (q.kind === 'followup') files = [...new Set((chat.message?.sources ?? []).map((s) => s.path))];
  return { q, files, top, answered: chat.message?.answered !== false, tookMs: search.tookMs };
}

async function runSet(file: string, knowledgeOverride?: string, urlOverride?: string): Promise<SetResult> {
  const set = JSON.parse(readFileSync(file, 'utf8')) as QuestionFile;
  let url = urlOverride;
  let stop = async (): Promise<void> => undefined;
  if (!url) {
    const knowledgeDir = path.resolve(ROOT, knowledgeOverride ?? set.corpus ?? 'knowledge');
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
    // Scored once the first embedding is in: what a server answers from then on.
    await app.knowledge.vectorsReady();
    url = `http://127.0.0.1:${address.port}`;
    stop = () => app.close();
    console.log(
      `knowledge: ${path.relative(ROOT, knowledgeDir) || knowledgeDir} (${app.knowledge.documents().length} documents)`,
    );
  }
  console.log(`questions: ${path.relative(ROOT, file)} (${set.questions.length})\n`);
  const rows: Row[] = [];
  for (const q of set.questions) rows.push(await ask(url, q));
  await stop();
  return { name: path.basename(file, '.json'), rows };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
const f = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(3));

function recallAt(r: Row, k: number): number {
  const top = r.files.slice(0, k);
  const found = r.q.expected.filter((e) => top.includes(e)).length;
  return r.q.kind === 'multi' ? found / r.q.expected.length : found > 0 ? 1 : 0;
}

function reciprocalRank(r: Row): number {
  const i = r.files.findIndex((file) => r.q.expected.includes(file));
  return i < 0 ? 0 : 1 / (i + 1);
}

/** The figures of one set; `decide` replaces the server's decision (for the leave-one-out estimate). */
function figures(rows: Row[], decide: (r: Row) => boolean = (r) => r.answered) {
  const of = (kinds: Kind[]) => rows.filter((r) => kinds.includes(r.q.kind));
  const searched = of(['keyword', 'paraphrase', 'multi']);
  return {
    recall3: mean(searched.map((r) => recallAt(r, 3))),
    paraphrase3: mean(of(['paraphrase']).map((r) => recallAt(r, 3))),
    followup3: mean(of(['followup']).map((r) => recallAt(r, 3))),
    declined: mean(of(['unanswerable']).map((r) => (decide(r) ? 0 : 1))),
    answered: mean(of(ANSWERABLE).map((r) => (decide(r) ? 1 : 0))),
    smalltalk: mean(of(['smalltalk']).map((r) => (r.answered ? 1 : 0))),
  };
}

function report(set: SetResult): void {
  const { rows } = set;
  console.log('| kind | n | recall@1 | recall@3 | recall@5 | MRR | answered |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const groups: [string, Row[]][] = [
    ...(['keyword', 'paraphrase', 'multi', 'followup'] as const).map(
      (k) => [k, rows.filter((r) => r.q.kind === k)] as [string, Row[]],
    ),
    ['all answerable', rows.filter((r) => ANSWERABLE.includes(r.q.kind))],
  ];
  for (const [name, rs] of groups) {
    if (!rs.length) continue;
    const cells = [1, 3, 5].map((k) => f(mean(rs.map((r) => recallAt(r, k)))));
    console.log(
      `| ${name} | ${rs.length} | ${cells.join(' | ')} | ${f(mean(rs.map(reciprocalRank)))} | ${f(mean(rs.map((r) => (r.answered ? 1 : 0))))} |`,
    );
  }
  const fig = figures(rows);
  const n = (k: Kind) => rows.filter((r) => r.q.kind === k).length;
  const latencies = rows.map((r) => r.tookMs);
  console.log(`\nunanswerable declined: ${f(fig.declined)} (of ${n('unanswerable')})`);
  console.log(`answerable answered:   ${f(fig.answered)}`);
  if (n('smalltalk')) console.log(`small talk replied to: ${f(fig.smalltalk)} (of ${n('smalltalk')})`);
  console.log(
    `search (server):       p50 ${percentile(latencies, 50)!.toFixed(2)} ms, p95 ${percentile(latencies, 95)!.toFixed(2)} ms`,
  );
  if (process.argv.includes('--verbose')) {
    console.log('\nmisses (expected not in the top 3) and wrong decisions:');
    for (const r of rows) {
      const miss = ANSWERABLE.includes(r.q.kind) && recallAt(r, 3) < 1;
      const wrong = r.q.kind === 'unanswerable' ? r.answered : !r.answered;
      if (!miss && !wrong) continue;
      const top3 = r.files.slice(0, 3).map((p) => path.basename(p));
      console.log(
        `  ${r.q.id} ${miss ? 'MISS' : ''}${wrong ? ' WRONG-DECISION' : ''} (${r.top}) "${r.q.question}" -> ${top3.join(', ')}`,
      );
    }
  }
  console.log('');
}

/**
 * The decline threshold that a set of corpora would choose: the best mean, over those corpora,
 * of the declined and the answered rates (each corpus weighing the same, however many
 * questions it has), read from each question's best search confidence.
 */
function tuneThreshold(sets: SetResult[]): number {
  let best = { t: 0, value: -1 };
  for (let t = 0.2; t <= 0.8001; t += 0.01) {
    const value = mean(
      sets.map((s) => {
        const fig = figures(s.rows, (r) => r.top >= t);
        return (fig.declined + fig.answered) / 2;
      }),
    );
    if (value > best.value + 1e-9) best = { t: Math.round(t * 100) / 100, value };
  }
  return best.t;
}

async function main(): Promise<void> {
  const url = args('url')[0];
  const given = args('questions');
  const files = given.length
    ? given.map((q) => path.resolve(q))
    : readdirSync(EVAL_DIR)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => path.join(EVAL_DIR, f));
  const sets: SetResult[] = [];
  for (const file of files) {
    console.log(`## ${path.basename(file, '.json')}\n`);
    const set = await runSet(file, args('knowledge')[0], url);
    report(set);
    sets.push(set);
  }
  const perSet = sets.map((s) => ({ name: s.name, ...figures(s.rows) }));
  if (sets.length > 1) {
    console.log('## all sets\n');
    console.log('| set | recall@3 | paraphrase | follow-up | declined | answered | small talk |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const s of perSet)
      console.log(
        `| ${s.name} | ${f(s.recall3)} | ${f(s.paraphrase3)} | ${f(s.followup3)} | ${f(s.declined)} | ${f(s.answered)} | ${f(s.smalltalk)} |`,
      );
    const macro = (k: keyof (typeof perSet)[number]) => f(mean(perSet.map((s) => s[k] as number)));
    console.log(
      `| macro average | ${macro('recall3')} | ${macro('paraphrase3')} | ${macro('followup3')} | ${macro('declined')} | ${macro('answered')} | ${macro('smalltalk')} |`,
    );
    console.log('\nleave one corpus out: the decline threshold tuned on the other sets, scored on this one\n');
    console.log('| left out | threshold from the others | declined | answered |');
    console.log('|---|---:|---:|---:|');
    for (const s of sets) {
      const t = tuneThreshold(sets.filter((o) => o !== s));
      const fig = figures(s.rows, (r) => r.top >= t);
      console.log(`| ${s.name} | ${t.toFixed(2)} | ${f(fig.declined)} | ${f(fig.answered)} |`);
    }
    console.log(`\nthe threshold all sets together choose: ${tuneThreshold(sets).toFixed(2)}`);
  }
  const out = path.join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, 'eval-latest.json'),
    JSON.stringify({ at: new Date().toISOString(), sets: perSet }, null, 2),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
