import type { GapEntry } from '../history/history-store';
import type { Message } from '../protocol/dto';
import { groupGaps } from './knowledge-gaps';

let n = 0;
function gap(question: string, reason: GapEntry['reason'] = 'unanswered', conversationId = `c${n}`): GapEntry {
  n++;
  const at = new Date(Date.UTC(2026, 10, 26, 10, 0, n)).toISOString();
  const q: Message = { id: `q${n}`, conversationId, role: 'visitor', text: question, createdAt: at };
  const a: Message = {
    id: `a${n}`,
    conversationId,
    role: 'bot',
    text: '…',
    createdAt: at,
    answered: reason !== 'unanswered',
    replyTo: q.id,
  };
  return { question: q, answer: a, reason };
}

describe('groupGaps', () => {
  it('groups questions asked in similar words and counts them, largest group first', () => {
    const groups = groupGaps([
      gap('Do you ship to Mars?'),
      gap('Can you ship my order to Mars?'),
      gap('shipping to mars', 'rated_down'),
      gap('Is there a student discount?'),
      gap('student discount available?'),
      gap('How do I bake bread?'),
    ]);
    expect(groups.map((g) => [g.count, g.unanswered, g.ratedDown])).toEqual([
      [3, 2, 1],
      [2, 2, 0],
      [1, 1, 0],
    ]);
    expect(groups[0].examples).toEqual(['Do you ship to Mars?', 'Can you ship my order to Mars?', 'shipping to mars']);
    expect(groups[0].question).toMatch(/mars/i);
    expect(groups[0].suggestedPath).toMatch(/^[a-z0-9-]+\.md$/);
    expect(groups[2].question).toBe('How do I bake bread?');
  });

  it('skips entries without a question and keeps the latest time and every conversation', () => {
    const a = gap('refund for a broken lamp', 'unanswered', 'c-a');
    const b = gap('broken lamp refund', 'rated_down', 'c-b');
    const groups = groupGaps([{ ...a }, { answer: b.answer, reason: 'unanswered' }, b]);
    expect(groups).toHaveLength(1);
    expect(groups[0].conversationIds.sort()).toEqual(['c-a', 'c-b']);
    expect(groups[0].lastAskedAt).toBe(b.question!.createdAt);
  });
});
