import type { GenerationInput } from './llm-provider';
import { composeAnswer } from './offline-answerer';

const input = (text: string, extra: GenerationInput['sources'] = []): GenerationInput => ({
  question: 'How do I reset the hub?',
  history: [],
  sources: [{ n: 1, title: 'Reset a bulb', heading: 'Reset the Nimbus Hub', path: 'r.md', text, score: 0.9 }, ...extra],
});

describe('composeAnswer (offline)', () => {
  it('quotes a short passage whole and cites it', () => {
    const a = composeAnswer(input('Press and hold the button for 10 seconds.'));
    expect(a).toBe(
      'Here is what our help article **Reset a bulb** (Reset the Nimbus Hub) says [1]:\n\nPress and hold the button for 10 seconds.',
    );
  });

  it('quotes the list that matches the question from a long passage, with its lead-in', () => {
    const filler = 'Unrelated paragraph about colors and scenes. '.repeat(12);
    const text = `${filler}\n\nTo reset the hub:\n\n1. Unplug the hub.\n2. Hold the reset button.\n\n${filler}`;
    const a = composeAnswer(input(text));
    expect(a).toContain('To reset the hub:\n\n1. Unplug the hub.\n2. Hold the reset button.');
    expect(a).not.toContain('Unrelated paragraph');
  });

  it('points to a second article only when it scores nearly as well', () => {
    const close = composeAnswer(
      input('Hold it.', [{ n: 2, title: 'Hub offline', path: 'h.md', text: 'x', score: 0.85 }]),
    );
    expect(close).toContain('You may also find **Hub offline** helpful [2].');
    const far = composeAnswer(input('Hold it.', [{ n: 2, title: 'Hub offline', path: 'h.md', text: 'x', score: 0.5 }]));
    expect(far).not.toContain('Hub offline');
  });
});
