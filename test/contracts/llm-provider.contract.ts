import type { GenerationInput, LlmProvider } from '../../src/llm/llm-provider';

export const CONTRACT_INPUT: GenerationInput = {
  question: 'How long do I have to return a lamp?',
  sources: [
    {
      n: 1,
      title: 'Return policy',
      path: 'returns/policy.md',
      text: 'You can return any product within 30 days of delivery for a full refund.',
      score: 0.9,
    },
    {
      n: 2,
      title: 'Refunds',
      heading: 'Timing',
      path: 'returns/refunds.md',
      text: 'Refunds are issued within 5 business days.',
      score: 0.6,
    },
  ],
  history: [
    { role: 'user', text: 'Hi, I bought a lamp last week.' },
    { role: 'assistant', text: 'Thanks! How can I help with it?' },
  ],
};

async function collect(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const d of it) out.push(d);
  return out;
}

/** What every answer generator must do; `make` returns a provider ready to answer. */
export function llmProviderContract(name: string, make: () => Promise<LlmProvider> | LlmProvider): void {
  describe(`LlmProvider contract: ${name}`, () => {
    it('has a name', async () => {
      expect((await make()).name).toMatch(/\S/);
    });

    it('streams a non-empty answer as several string deltas that cite a numbered source', async () => {
      const provider = await make();
      const deltas = await collect(provider.generate(CONTRACT_INPUT, new AbortController().signal));
      expect(deltas.length).toBeGreaterThan(1);
      expect(deltas.every((d) => typeof d === 'string')).toBe(true);
      const text = deltas.join('');
      expect(text.trim().length).toBeGreaterThan(10);
      expect(text).toMatch(/\[[12]\]/);
    });

    it('stops when its signal is aborted', async () => {
      const provider = await make();
      const controller = new AbortController();
      const seen: string[] = [];
      const run = (async () => {
        for await (const d of provider.generate(CONTRACT_INPUT, controller.signal)) {
          seen.push(d);
          controller.abort();
        }
      })();
      await run.catch(() => undefined);
      expect(seen.length).toBeGreaterThanOrEqual(1);
      expect(seen.length).toBeLessThanOrEqual(2);
    });

    it('throws rather than inventing an answer when it has no sources', async () => {
      const provider = await make();
      const noSources = { ...CONTRACT_INPUT, sources: [] };
      await expect(collect(provider.generate(noSources, new AbortController().signal))).rejects.toThrow();
    });
  });
}
