/**
 * The default (hybrid) index on the Arduino help center: vector loading, build, query latency
 * for questions made from the articles' titles, and the cost of re-indexing one changed file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARDUINO_CORPUS, fmt, loadCorpus, pct, timeEach } from './lib/corpus';
import { embedChunks } from '../src/knowledge/embedders/embed-chunks';
import { LocalEmbedder } from '../src/knowledge/embedders/local-embedder';
import { createIndex } from '../src/knowledge/create-index';
import { DEFAULT_WORD_VECTORS_FILE } from '../src/knowledge/vectors/word-vectors-file';
import { createLogger } from '../src/logger';
import { saveResult } from './lib/results';

async function main(): Promise<void> {
  const { docs, chunks } = await loadCorpus(ARDUINO_CORPUS);
  const t0 = performance.now();
  const index = createIndex({ wordVectors: DEFAULT_WORD_VECTORS_FILE }, createLogger('silent'));
  const t1 = performance.now();
  docs.forEach((d, i) => index.setDocument(d.path, chunks[i]));
  const t2 = performance.now();
  const queries = docs.map((d) => `how do I ${d.title.toLowerCase()}`);
  const cold = timeEach(queries, (q) => index.search(q, 10));
  const warm = timeEach(queries, (q) => index.search(q, 10));
  const updates = timeEach(
    Array.from({ length: 100 }, (_, r) => (r * 37) % docs.length),
    (i) => {
      index.setDocument(docs[i].path, chunks[i]);
      index.search('board not detected', 5);
    },
  );
  // An edit that brings words the knowledge base did not have changes the neighbour vocabulary.
  const NEW_WORDS = [
    'zebrafish',
    'marmalade',
    'kayak',
    'lighthouse',
    'saxophone',
    'glacier',
    'origami',
    'cactus',
    'volcano',
    'harpsichord',
  ];
  const newWords: number[] = [];
  for (let r = 0; r < 20; r++) {
    const i = (r * 53) % docs.length;
    const edited = chunks[i].map((c, j) =>
      j === 0 ? { ...c, text: `${c.text} ${NEW_WORDS[r % NEW_WORDS.length]}` } : c,
    );
    const s = performance.now();
    index.setDocument(docs[i].path, edited);
    index.search('board not detected', 5);
    newWords.push(performance.now() - s);
    index.setDocument(docs[i].path, chunks[i]);
  }
  // The sentence encoder: every chunk's title and headings embedded (first start, then from the
  // disk cache), and each question embedded on the worker thread, then searched with its vector.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-bench-encoder-'));
  const embedder = new LocalEmbedder({ dataDir });
  await embedder.embedQuery('load the model');
  const texts = chunks.flat().flatMap((c) => embedder.chunkTexts(c));
  let s = performance.now();
  await embedChunks(embedder, chunks.flat());
  const encodeAllMs = performance.now() - s;
  s = performance.now();
  await embedChunks(new LocalEmbedder({ dataDir }), chunks.flat());
  const cachedAllMs = performance.now() - s;
  docs.forEach((d, i) => index.setDocument(d.path, chunks[i]));
  const embedMs: number[] = [];
  const withVector: number[] = [];
  for (const q of queries) {
    s = performance.now();
    const vector = (await embedder.embedQuery(q))!;
    embedMs.push(performance.now() - s);
    s = performance.now();
    index.search(q, 10, { embedding: { vector, calibration: embedder.calibration } });
    withVector.push(performance.now() - s);
  }
  rmSync(dataDir, { recursive: true, force: true });
  const p = (xs: number[]) => ({ p50: pct(xs, 50), p95: pct(xs, 95) });
  saveResult('hybrid-index', {
    articles: docs.length,
    chunks: index.chunkCount,
    loadMs: t1 - t0,
    buildMs: t2 - t1,
    queryColdMs: p(cold),
    queryWarmMs: p(warm),
    updateMs: p(updates),
    updateNewWordsMs: p(newWords),
    encoder: {
      distinctTexts: new Set(texts).size,
      encodeAllMs,
      cachedAllMs,
      questionMs: p(embedMs),
      searchWithVectorMs: p(withVector),
    },
  });
  console.log(`corpus: ${docs.length} articles, ${index.chunkCount} chunks`);
  console.log('| step | figure |');
  console.log('|---|---|');
  console.log(`| load word vectors + thesaurus | ${fmt(t1 - t0)} ms |`);
  console.log(`| build the index | ${fmt(t2 - t1)} ms |`);
  console.log(
    `| query, first time its words are seen (p50 / p95) | ${fmt(pct(cold, 50))} / ${fmt(pct(cold, 95))} ms |`,
  );
  console.log(`| query, words seen before (p50 / p95) | ${fmt(pct(warm, 50))} / ${fmt(pct(warm, 95))} ms |`);
  console.log(
    `| one changed file re-indexed, then a query (p50 / p95) | ${fmt(pct(updates, 50))} / ${fmt(pct(updates, 95))} ms |`,
  );
  console.log(
    `| the same, when the edit adds a word new to the knowledge base (p50 / p95) | ${fmt(pct(newWords, 50))} / ${fmt(pct(newWords, 95))} ms |`,
  );
  console.log(
    `| sentence encoder: every chunk's title, headings and text windows (${new Set(texts).size} distinct texts), first start / from the disk cache | ${fmt(encodeAllMs)} / ${fmt(cachedAllMs)} ms |`,
  );
  console.log(
    `| sentence encoder: a question, on its thread (p50 / p95) | ${fmt(pct(embedMs, 50))} / ${fmt(pct(embedMs, 95))} ms |`,
  );
  console.log(
    `| query with the question's sentence vector, words seen before (p50 / p95) | ${fmt(pct(withVector, 50))} / ${fmt(pct(withVector, 95))} ms |`,
  );
}

void main();
