import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSentenceEncoder, loadEncoderModel, MAX_PIECES } from './build-sentence-encoder';

describe('the sentence encoder’s build step', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-encoder-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the graph and the position signal that would otherwise be built at start-up, and start-up then reads them', () => {
    const inMemory = loadEncoderModel(path.join(dir, 'absent'));
    expect(inMemory.model).toBeInstanceOf(Uint8Array);
    expect(inMemory.timing).toHaveLength(MAX_PIECES * 256);

    expect(buildSentenceEncoder(dir).skipped).toBe(false);
    const built = loadEncoderModel(dir);
    expect(built.model).toBe(path.join(dir, 'use-lite-int8.onnx'));
    expect(Buffer.compare(readFileSync(built.model as string), Buffer.from(inMemory.model as Uint8Array))).toBe(0);
    expect(Array.from(built.timing)).toEqual(Array.from(inMemory.timing));
    expect(buildSentenceEncoder(dir).skipped).toBe(true);
  });

  it('ignores files older than the graph builder (a change to the builder rebuilds)', () => {
    buildSentenceEncoder(dir);
    const old = new Date('2000-01-01');
    utimesSync(path.join(dir, 'use-lite-int8.onnx'), old, old);
    expect(loadEncoderModel(dir).model).toBeInstanceOf(Uint8Array);
    expect(buildSentenceEncoder(dir).skipped).toBe(false);
  });
});
