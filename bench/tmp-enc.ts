import { InferenceSession } from 'onnxruntime-node';
import { SentenceEncoder } from '../src/knowledge/sentence-encoder';
import { loadCorpus, ARDUINO_CORPUS } from './lib/corpus';
import { LocalEmbedder } from '../src/knowledge/local-embedder';

async function main() {
  const threads = Number(process.env.T ?? 1);
  const spin = process.env.SPIN ?? '1';
  const orig = InferenceSession.create.bind(InferenceSession);
  (InferenceSession as any).create = (m: any, o: any) => orig(m, { ...o, intraOpNumThreads: threads, extra: { session: { intra_op: { allow_spinning: spin } } } });
  const { chunks } = await loadCorpus(ARDUINO_CORPUS) as any;
  const texts = [...new Set((chunks as any[]).flat().map((c: any) => [c.title, ...c.headings].join('. ')))] as string[];
  const enc = await SentenceEncoder.load();
  const tok = (enc as any).pieces.bind(enc);
  const n = texts.map((t) => tok(t).length);
  console.log('texts', texts.length, 'pieces', n.reduce((a, b) => a + b, 0), 'mean', (n.reduce((a, b) => a + b, 0) / n.length).toFixed(1));
  for (let r = 0; r < 2; r++) {
    const c0 = process.cpuUsage(); const t0 = performance.now();
    await enc.encodeAll(texts);
    const c1 = process.cpuUsage(c0);
    console.log(`T=${threads} spin=${spin} encodeAll ${(performance.now() - t0).toFixed(0)} ms wall, cpu ${((c1.user + c1.system) / 1000).toFixed(0)} ms`);
  }
  const qs = texts.slice(0, 300).map((t) => t.toLowerCase() + ' how do i');
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (const q of qs) await enc.encodeAll([q]);
  const c1 = process.cpuUsage(c0);
  console.log(`single: ${((performance.now() - t0) / qs.length).toFixed(2)} ms wall, cpu ${((c1.user + c1.system) / 1000 / qs.length).toFixed(2)} ms per question`);
}
main();
