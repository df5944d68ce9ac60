import { GenerationTimeout, withDeadlines } from './with-deadlines';

async function* ticking(delays: number[], signal: AbortSignal, seen: { aborted: boolean }) {
  signal.addEventListener('abort', () => (seen.aborted = true));
  for (const [i, d] of delays.entries()) {
    await new Promise((r) => setTimeout(r, d));
    yield `t${i}`;
  }
}

async function drain(it: AsyncIterable<string>) {
  const out: string[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('withDeadlines', () => {
  it('passes a prompt stream through untouched', async () => {
    const seen = { aborted: false };
    expect(await drain(withDeadlines((s) => ticking([1, 1, 1], s, seen), { totalMs: 1000, stallMs: 500 }))).toEqual([
      't0',
      't1',
      't2',
    ]);
  });

  it('gives up on a stall between tokens and aborts the upstream', async () => {
    const seen = { aborted: false };
    const out: string[] = [];
    await expect(
      (async () => {
        for await (const x of withDeadlines((s) => ticking([1, 200], s, seen), { totalMs: 1000, stallMs: 50 }))
          out.push(x);
      })(),
    ).rejects.toMatchObject({ kind: 'stall' });
    expect(out).toEqual(['t0']);
    expect(seen.aborted).toBe(true);
  });

  it('gives up when the whole answer outlasts the total limit', async () => {
    const seen = { aborted: false };
    const started = Date.now();
    const err = await drain(
      withDeadlines((s) => ticking(Array(50).fill(20), s, seen), { totalMs: 120, stallMs: 100 }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(GenerationTimeout);
    expect(err.kind).toBe('deadline');
    expect(Date.now() - started).toBeLessThan(400);
  });
});
