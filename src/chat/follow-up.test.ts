import { isFollowUp } from './follow-up';

describe('isFollowUp', () => {
  it.each([
    'how much does it cost?',
    'and to Germany?',
    'what about a whole channel?',
    'and my email address?',
    'can I do the same for a to-do list?',
    'what if that doesn’t work either?',
    'express?',
  ])('reads %p as leaning on the question before', (q) => {
    expect(isFollowUp(q)).toBe(true);
  });

  it.each(['How do I reset my password?', 'Do you ship to Germany?', 'my parcel arrived broken'])(
    'reads %p as standing alone',
    (q) => {
      expect(isFollowUp(q)).toBe(false);
    },
  );
});
