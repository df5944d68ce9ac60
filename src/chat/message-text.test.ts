import { validateMessageText } from './message-text';

describe('validateMessageText', () => {
  it('trims and strips control characters but keeps newlines', () => {
    expect(validateMessageText('  hi\u0000 there\nfriend \t', 100)).toBe('hi there\nfriend');
  });
  it('refuses empty and over-long text with typed errors', () => {
    expect(() => validateMessageText(' \u0007 ', 10)).toThrow(expect.objectContaining({ code: 'empty_message' }));
    expect(() => validateMessageText('x'.repeat(11), 10)).toThrow(
      expect.objectContaining({ code: 'message_too_long' }),
    );
    expect(validateMessageText('x'.repeat(10), 10)).toHaveLength(10);
  });
});
