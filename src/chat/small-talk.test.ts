import { smallTalkOf, smallTalkReply } from './small-talk';

describe('smallTalkOf', () => {
  it.each([
    ['Hello', 'greeting'],
    ['hi there!', 'greeting'],
    ['Good morning :)', 'greeting'],
    ['thanks, that helped!', 'thanks'],
    ['Thank you so much!', 'thanks'],
    ['ok thanks a lot', 'thanks'],
    ['hi, thanks!', 'thanks'],
    ['bye', 'goodbye'],
    ['Are you a bot?', 'identity'],
    ['am I talking to a real person?', 'identity'],
    ['who are you', 'identity'],
    ['how are you today?', 'wellbeing'],
  ])('reads %p as %s', (text, kind) => {
    expect(smallTalkOf(text)).toBe(kind);
  });

  it.each([
    'hi, how do I reset my password?',
    'thanks! how do I change my email?',
    'are you open on Sundays?',
    'hello world example does not compile',
    'how do I say thank you to the support team',
    '',
    '???',
  ])('reads %p as a question, not small talk', (text) => {
    expect(smallTalkOf(text)).toBeUndefined();
  });

  it('replies in the bot’s voice, naming the product', () => {
    expect(smallTalkReply('greeting', 'Nimbus Home')).toContain('Nimbus Home');
    expect(smallTalkReply('identity', 'x')).toContain('Talk to a person');
  });
});
