/**
 * The embedded lexical index against the libraries it was chosen from (see
 * docs/decisions/own-inverted-index.md); our typed-array BM25F index
 * (src/knowledge/lexical/inverted-index.ts) scores the way MiniSearch does. The candidate libraries on the real corpus
 * (../shared/corpora/arduino-help), each with the same chunks and the same analyzer where the
 * library allows one. Prints build time, query p50/p95, one-document update time, and two crude
 * quality figures: the share of article titles, and of section headings, that find their
 * article in the top 5. (The question sets of `npm run eval` measure real quality.) Run: npx tsx
 * bench/retrieval-libraries.ts [folder]
 */
import FlexSearch from 'flexsearch';
import MiniSearch from 'minisearch';
// @ts-expect-error no types are published for wink-bm25-text-search
import winkBm25 from 'wink-bm25-text-search';
import { LexicalIndex } from '../src/knowledge/lexical/lexical-index';
import { toPlainText } from '../src/knowledge/documents/markdown-text';
import { termOf, terms, words } from '../src/knowledge/lexical/text-analysis';
import { ARDUINO_CORPUS, fmt, loadCorpus, pct } from './lib/corpus';

interface Candidate {
  name: string;
  build(chunks: { id: string; path: string; title: string; heading: string; text: string }[]): void;
  search(q: string): string[]; // paths, best first
  update?(c: { id: string; path: string; title: string; heading: string; text: string }): void;
}

async function main() {
  const root = process.argv[2] ?? ARDUINO_CORPUS;
  const { docs, chunks } = await loadCorpus(root);
  const flat = chunks
    .flat()
    .map((c) => ({ id: c.id, path: c.path, title: c.title, heading: c.headings.join(' '), text: toPlainText(c.text) }));
  const queries = docs.map((d) => ({ q: d.title, path: d.path }));
  // Section headings as questions: harder than titles, since only one chunk carries them.
  const headingQueries = chunks
    .flat()
    .filter((c) => c.headings.length > 0 && c.headings[c.headings.length - 1].split(' ').length >= 3)
    .map((c) => ({ q: c.headings[c.headings.length - 1], path: c.path }));
  console.log(
    `corpus: ${docs.length} documents, ${flat.length} chunks, ${queries.length} title queries, ${headingQueries.length} heading queries\n`,
  );

  const ours = new LexicalIndex();
  const candidates: Candidate[] = [
    {
      name: 'ours (typed-array BM25F: stop words, stems, per-term fuzzy)',
      build: () => docs.forEach((d, i) => ours.setDocument(d.path, chunks[i])),
      search: (q) => ours.search(q, 5).map((h) => h.chunk.path),
      update: () => ours.setDocument(docs[7].path, chunks[7]),
    },
    miniSearchCandidate(),
    flexCandidate(),
    winkCandidate(),
  ];

  console.log('| library | build ms | query p50 ms | query p95 ms | update ms | title recall@5 | heading recall@5 |');
  console.log('|---|---|---|---|---|---|---|');
  for (const c of candidates) {
    let t = performance.now();
    c.build(flat);
    const buildMs = performance.now() - t;
    const times: number[] = [];
    let found = 0;
    for (let round = 0; round < 3; round++) {
      for (const { q, path } of queries) {
        t = performance.now();
        const paths = c.search(q);
        times.push(performance.now() - t);
        if (round === 0 && paths.slice(0, 5).includes(path)) found++;
      }
    }
    const headingFound = headingQueries.filter(({ q, path }) => c.search(q).slice(0, 5).includes(path)).length;
    let updateMs = NaN;
    if (c.update) {
      t = performance.now();
      c.update(flat[40]);
      updateMs = performance.now() - t;
    }
    console.log(
      `| ${c.name} | ${fmt(buildMs)} | ${fmt(pct(times, 50))} | ${fmt(pct(times, 95))} | ${Number.isNaN(updateMs) ? 'rebuild' : fmt(updateMs)} | ${(found / queries.length).toFixed(3)} | ${(headingFound / headingQueries.length).toFixed(3)} |`,
    );
  }
}

function miniSearchCandidate(): Candidate {
  const mini = new MiniSearch<{ id: string; path: string; title: string; heading: string; text: string }>({
    fields: ['title', 'heading', 'text'],
    storeFields: ['path'],
    tokenize: (text) => words(text),
    processTerm: (term) => termOf(term),
    searchOptions: { boost: { title: 2.5, heading: 1.8, text: 1 }, combineWith: 'OR' },
  });
  const known = new Set<string>();
  return {
    name: 'MiniSearch 7 (same analyzer and fuzzy rule)',
    build: (cs) => {
      mini.addAll(cs);
      for (const c of cs) for (const t of terms(`${c.title} ${c.heading} ${c.text}`)) known.add(t);
    },
    search: (q) => {
      const fuzzy = (t: string) => (t.length >= 5 && !known.has(t) ? 0.2 : false);
      return [...new Set(mini.search(q, { fuzzy }).map((r) => r.path as string))].slice(0, 5);
    },
    update: (c) => mini.replace(c),
  };
}

function flexCandidate(): Candidate {
  const index = new FlexSearch.Document({
    tokenize: 'forward',
    document: { id: 'id', index: ['title', 'heading', 'text'] },
    encode: (s: string) => terms(s),
  } as never);
  const byId = new Map<string, string>();
  return {
    name: 'FlexSearch 0.7 Document (same analyzer)',
    build: (cs) => {
      for (const c of cs) {
        byId.set(c.id, c.path);
        index.add(c as never);
      }
    },
    search: (q) => {
      const fields = index.search(q, { limit: 10 }) as unknown as { result: string[] }[];
      const ids = [...new Set(fields.flatMap((f) => f.result))];
      return [...new Set(ids.map((id) => byId.get(id)!))].slice(0, 5);
    },
    update: (c) => index.update(c as never),
  };
}

function winkCandidate(): Candidate {
  const engine = winkBm25();
  engine.defineConfig({ fldWeights: { title: 2.5, heading: 1.8, text: 1 } });
  engine.definePrepTasks([(s: string) => terms(s)]);
  const byId = new Map<string, string>();
  return {
    name: 'wink-bm25-text-search (same analyzer; no update, rebuild)',
    build: (cs) => {
      cs.forEach((c, i) => {
        byId.set(String(i), c.path);
        engine.addDoc({ title: c.title, heading: c.heading, text: c.text }, String(i));
      });
      engine.consolidate();
    },
    search: (q) => [...new Set((engine.search(q, 10) as [string, number][]).map(([id]) => byId.get(id)!))].slice(0, 5),
  };
}

void main();
