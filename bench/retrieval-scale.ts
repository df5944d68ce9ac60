/**
 * The default (hybrid) index at 400, 4,000 and 40,000 chunks: the Arduino help center cut down,
 * or replicated with variations (each copy's titles and texts carry a copy number, so copies are
 * distinct documents). Build time, query p50/p95, and one-file update time. Every chunk carries
 * a sentence vector and every question is searched with its own, as the default server does:
 * a copy reuses its original's vector (the scan costs the same whatever the values), and the
 * time to embed a question on the encoder's thread is measured apart (bench/hybrid-index.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { embedChunks } from '../src/knowledge/embedders/embed-chunks';
import { LocalEmbedder } from '../src/knowledge/embedders/local-embedder';
import type { Chunk } from '../src/knowledge/chunk';
import { createIndex } from '../src/knowledge/create-index';
import { DEFAULT_WORD_VECTORS_FILE } from '../src/knowledge/vectors/word-vectors-file';
import { createLogger } from '../src/logger';
import { ARDUINO_CORPUS, fmt, loadCorpus, pct, timeEach } from './lib/corpus';
import { saveResult } from './lib/results';

const SIZES = (process.env.BENCH_CHUNKS ?? '400,4000,40000').split(',').map(Number);
const VARIANTS = ['model', 'series', 'edition', 'version', 'range', 'line', 'kit', 'board'];

async function main(): Promise<void> {
  const { docs, chunks } = await loadCorpus(ARDUINO_CORPUS);
  const base = docs.map((d, i) => ({ path: d.path, title: d.title, chunks: chunks[i] }));
  const questions = docs.slice(0, 200).map((d) => `how do I ${d.title.toLowerCase()}`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-bench-scale-'));
  const embedder = new LocalEmbedder({ dataDir });
  const flat = chunks.flat();
  await embedChunks(embedder, flat);
  const vectorsOf = new Map(flat.map((c) => [c.id, c.vectors]));
  const questionVectors = new Map<string, Float32Array>();
  for (const q of questions) questionVectors.set(q, (await embedder.embedQuery(q))!);
  rmSync(dataDir, { recursive: true, force: true });
  const withVector = (q: string) => ({
    embedding: { vector: questionVectors.get(q)!, calibration: embedder.calibration },
  });
  console.log('| chunks | documents | build | query p50 / p95 | one-file update + query p50 / p95 |');
  console.log('|---|---|---|---|---|---|');
  const rows: Record<string, unknown>[] = [];
  for (const size of SIZES) {
    const docsOut: { path: string; chunks: Chunk[] }[] = [];
    let count = 0;
    for (let copy = 0; count < size; copy++) {
      for (const d of base) {
        if (count >= size) break;
        const tag = copy === 0 ? '' : ` ${VARIANTS[copy % VARIANTS.length]} ${copy}`;
        const path = copy === 0 ? d.path : `copy-${copy}/${d.path}`;
        const cs = d.chunks.slice(0, size - count).map((c) => ({
          ...c,
          id: `${path}#${c.order}`,
          path,
          title: c.title + tag,
          text: c.text + tag,
          vectors: vectorsOf.get(c.id),
        }));
        docsOut.push({ path, chunks: cs });
        count += cs.length;
      }
    }
    const index = createIndex({ wordVectors: DEFAULT_WORD_VECTORS_FILE }, createLogger('silent'));
    const t0 = performance.now();
    for (const d of docsOut) index.setDocument(d.path, d.chunks);
    const buildMs = performance.now() - t0;
    for (const q of questions.slice(0, 20)) index.search(q, 10, withVector(q)); // warm the JIT
    const query = timeEach(questions, (q) => index.search(q, 10, withVector(q)));
    const update = timeEach(
      Array.from({ length: 50 }, (_, r) => docsOut[(r * 37) % docsOut.length]),
      (d) => {
        index.setDocument(d.path, d.chunks);
        index.search(questions[0], 10, withVector(questions[0]));
      },
    );
    const row = {
      chunks: index.chunkCount,
      documents: docsOut.length,
      buildMs: Math.round(buildMs),
      query: { p50: pct(query, 50), p95: pct(query, 95) },
      update: { p50: pct(update, 50), p95: pct(update, 95) },
    };
    rows.push(row);
    console.log(
      `| ${row.chunks} | ${row.documents} | ${fmt(buildMs)} ms | ${fmt(row.query.p50)} / ${fmt(row.query.p95)} ms | ${fmt(row.update.p50)} / ${fmt(row.update.p95)} ms |`,
    );
  }
  saveResult('retrieval-scale', { rows });
}

void main();
