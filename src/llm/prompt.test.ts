import { buildPrompt } from './prompt';

describe('buildPrompt', () => {
  const input = {
    question: 'And in Europe?',
    sources: [{ n: 1, title: 'Shipping', heading: 'Europe', path: 's.md', text: 'EU takes 2-4 days.', score: 1 }],
    history: [
      { role: 'user' as const, text: 'x'.repeat(400) },
      { role: 'assistant' as const, text: 'long answer '.repeat(30) },
      { role: 'user' as const, text: 'How long is shipping?' },
      { role: 'assistant' as const, text: 'US takes 3-5 days [1].' },
    ],
  };

  it('puts instructions and numbered sources first and the question last', () => {
    const p = buildPrompt(input, { productName: 'Acme', historyTokens: 1000 });
    expect(p[0].role).toBe('system');
    expect(p[0].content).toContain('Acme');
    expect(p[0].content).toContain('[1] Shipping › Europe\nEU takes 2-4 days.');
    expect(p[p.length - 1]).toEqual({ role: 'user', content: 'And in Europe?' });
  });

  it('keeps the newest turns that fit the budget and never starts with an answer', () => {
    const p = buildPrompt(input, { productName: 'Acme', historyTokens: 120 });
    expect(p.slice(1, -1)).toEqual([
      { role: 'user', content: 'How long is shipping?' },
      { role: 'assistant', content: 'US takes 3-5 days [1].' },
    ]);
    expect(buildPrompt(input, { productName: 'Acme', historyTokens: 0 })).toHaveLength(2);
  });
});
