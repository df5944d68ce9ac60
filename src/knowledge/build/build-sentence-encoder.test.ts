import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEncoderFiles, MAX_PIECES } from '../embedders/encoder-files';
import { buildSentenceEncoder } from './build-sentence-encoder';

describe('the sentence encoder’s build step', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-encoder-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the graph, the position signal and the vocabulary that the server loads, and says how to make them when they are missing', () => {
    expect(() => loadEncoderFiles(path.join(dir, 'absent'))).toThrow(/missing.*npm run build/);

    expect(buildSentenceEncoder(dir).skipped).toBe(false);
    const built = loadEncoderFiles(dir);
    expect(built.model).toBe(path.join(dir, 'use-lite-int8.onnx'));
    expect(statSync(built.model).size).toBeGreaterThan(1_000_000);
    expect(built.timing).toHaveLength(MAX_PIECES * 256);
    expect(built.vocabulary.length).toBeGreaterThan(7000);
    expect(typeof built.vocabulary[100][0]).toBe('string');
    expect(buildSentenceEncoder(dir).skipped).toBe(true);
  });

  it('rebuilds files older than the graph builder (a change to the builder rebuilds)', () => {
    buildSentenceEncoder(dir);
    const old = new Date('2000-01-01');
    utimesSync(path.join(dir, 'use-lite-int8.onnx'), old, old);
    expect(buildSentenceEncoder(dir).skipped).toBe(false);
  });
});
