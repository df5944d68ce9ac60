import path from 'node:path';
import type { Chunk, KnowledgeDocument } from '../../src/knowledge/chunk';
import { listKnowledgeFiles, loadDocument } from '../../src/knowledge/documents/load-document';
import { splitDocument } from '../../src/knowledge/documents/split-document';

/** The real help-center corpus the benchmarks run on (data only; see its SOURCE.md). */
export const ARDUINO_CORPUS = path.resolve(__dirname, '../../../shared/corpora/arduino-help');

export async function loadCorpus(root: string): Promise<{ docs: KnowledgeDocument[]; chunks: Chunk[][] }> {
  const docs: KnowledgeDocument[] = [];
  const chunks: Chunk[][] = [];
  for (const file of await listKnowledgeFiles(root)) {
    const r = await loadDocument(root, file);
    if (r.kind !== 'document') continue;
    docs.push(r.doc);
    chunks.push(splitDocument(r.doc));
  }
  return { docs, chunks };
}

/** Milliseconds each call of `fn` took, one per item, in order. */
export function timeEach<T>(items: readonly T[], fn: (item: T, i: number) => unknown): number[] {
  return items.map((item, i) => {
    const started = performance.now();
    fn(item, i);
    return performance.now() - started;
  });
}

/** Nearest-rank percentile of already collected timings. */
export function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));
