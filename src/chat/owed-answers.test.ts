import type { Message } from '../protocol/dto';
import { owedAnswers } from './owed-answers';

const m = (id: string, role: Message['role'], replyTo?: string): Message => ({
  id,
  conversationId: 'c',
  role,
  text: id,
  createdAt: '2026-01-01T00:00:00Z',
  ...(replyTo ? { replyTo } : {}),
});

describe('owedAnswers', () => {
  it('lists every unanswered question in order, not only the last', () => {
    expect(
      owedAnswers([m('q1', 'visitor'), m('q2', 'visitor'), m('a2', 'bot', 'q2'), m('q3', 'visitor')]).map((x) => x.id),
    ).toEqual(['q1', 'q3']);
  });

  it('owes nothing for what was said before a person (or the hand-off notice) came in', () => {
    expect(owedAnswers([m('q1', 'visitor'), m('s', 'system'), m('q2', 'visitor'), m('g', 'agent')])).toEqual([]);
    expect(owedAnswers([m('q1', 'visitor'), m('g', 'agent'), m('q2', 'visitor')]).map((x) => x.id)).toEqual(['q2']);
  });

  it('owes nothing once each question has its answer', () => {
    expect(owedAnswers([m('q1', 'visitor'), m('a1', 'bot', 'q1'), m('q2', 'visitor'), m('a2', 'bot', 'q2')])).toEqual(
      [],
    );
  });
});
