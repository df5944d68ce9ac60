import type { Message } from '../../../src/protocol/dto';
import {
  applyAnswerCancel,
  applyAnswerDelta,
  applyAnswerEnd,
  applyAnswerStart,
  applyMessage,
  applyMode,
  applySession,
  emptyConversation,
  type ConversationState,
} from './conversation';

const msg = (id: string, role: Message['role'], text: string, extra: Partial<Message> = {}): Message => ({
  id,
  conversationId: 'c1',
  role,
  text,
  createdAt: '2026-11-26T10:00:00.000Z',
  ...extra,
});

const session = (messages: Message[], conversationId = 'c1') => ({
  token: 't.s',
  tokenExpiresAt: 0,
  visitorId: 'v1',
  conversationId,
  mode: 'bot' as const,
  messages,
});
const streamed = (s: ConversationState, id = 'a1') => s.streams.find((x) => x.messageId === id);

describe('stream assembly', () => {
  const started = applyAnswerStart(applySession(emptyConversation, session([msg('q1', 'visitor', 'Hi?')])), 'a1');

  it('appends deltas in order at their offsets', () => {
    let s = applyAnswerDelta(started, { messageId: 'a1', delta: 'Hello', offset: 0 });
    s = applyAnswerDelta(s, { messageId: 'a1', delta: ' world', offset: 5 });
    expect(streamed(s)).toEqual({ messageId: 'a1', text: 'Hello world', gap: false });
  });

  it('ignores a delta it already has and keeps only the new tail of an overlapping one (replay after reconnect)', () => {
    let s = applyAnswerDelta(started, { messageId: 'a1', delta: 'Hello', offset: 0 });
    const again = applyAnswerDelta(s, { messageId: 'a1', delta: 'Hello', offset: 0 });
    expect(again).toBe(s);
    s = applyAnswerDelta(s, { messageId: 'a1', delta: 'llo there', offset: 2 });
    expect(streamed(s)!.text).toBe('Hello there');
  });

  it('marks a gap when deltas were missed, and stops appending until the stored answer arrives', () => {
    let s = applyAnswerDelta(started, { messageId: 'a1', delta: 'Hello', offset: 0 });
    s = applyAnswerDelta(s, { messageId: 'a1', delta: 'xyz', offset: 12 });
    expect(streamed(s)).toEqual({ messageId: 'a1', text: 'Hello', gap: true });
    s = applyAnswerDelta(s, { messageId: 'a1', delta: 'more', offset: 15 });
    expect(streamed(s)!.text).toBe('Hello');
    s = applyAnswerEnd(s, msg('a1', 'bot', 'Hello, the full and authoritative answer.'));
    expect(s.streams).toEqual([]);
    expect(s.messages.map((m) => m.text)).toEqual(['Hi?', 'Hello, the full and authoritative answer.']);
  });

  it('starts a stream from a delta whose answer:start was missed, with a gap unless it starts at 0', () => {
    const s = applyAnswerDelta(applySession(emptyConversation, session([])), {
      messageId: 'a9',
      delta: 'lo',
      offset: 3,
    });
    expect(streamed(s, 'a9')).toEqual({ messageId: 'a9', text: '', gap: true });
    const fresh = applyAnswerDelta(applySession(emptyConversation, session([])), {
      messageId: 'a9',
      delta: 'Hel',
      offset: 0,
    });
    expect(streamed(fresh, 'a9')).toEqual({ messageId: 'a9', text: 'Hel', gap: false });
  });

  it('drops a withdrawn answer (an agent took over) and ignores a cancel it never saw start', () => {
    const s = applyAnswerDelta(started, { messageId: 'a1', delta: 'Half an ans', offset: 0 });
    expect(applyAnswerCancel(s, 'a1').streams).toEqual([]);
    expect(applyAnswerCancel(s, 'other')).toBe(s);
  });

  it('replaces the streamed text with the stored answer, once', () => {
    let s = applyAnswerDelta(started, { messageId: 'a1', delta: 'Draft that failed half-', offset: 0 });
    const final = msg('a1', 'bot', 'The offline answer [1].', { sources: [{ path: 'a.md', title: 'A', score: 1 }] });
    s = applyAnswerEnd(s, final);
    s = applyAnswerEnd(s, final);
    expect(s.messages.filter((m) => m.id === 'a1')).toEqual([final]);
    // A late duplicate delta of a finished answer does not reopen it.
    expect(applyAnswerDelta(s, { messageId: 'a1', delta: 'x', offset: 0 })).toBe(s);
    expect(applyAnswerStart(s, 'a1')).toBe(s);
  });
});

describe('sessions', () => {
  it('on reconnect keeps an answer still in flight and drops one that finished meanwhile', () => {
    let s = applySession(emptyConversation, session([msg('q1', 'visitor', 'A?'), msg('q2', 'visitor', 'B?')]));
    s = applyAnswerStart(s, 'a1');
    s = applyAnswerDelta(s, { messageId: 'a1', delta: 'Half', offset: 0 });
    s = applyAnswerStart(s, 'a2');
    s = applySession(
      s,
      session([msg('q1', 'visitor', 'A?'), msg('a1', 'bot', 'Half and done.'), msg('q2', 'visitor', 'B?')]),
    );
    expect(s.streams.map((x) => x.messageId)).toEqual(['a2']);
    expect(s.messages.map((m) => m.id)).toEqual(['q1', 'a1', 'q2']);
  });

  it('drops all streams when the session is a different conversation', () => {
    let s = applyAnswerStart(applySession(emptyConversation, session([])), 'a1');
    s = applySession(s, session([], 'c2'));
    expect(s.streams).toEqual([]);
    expect(s.conversationId).toBe('c2');
  });
});

describe('messages and mode', () => {
  const base = applySession(emptyConversation, session([msg('q1', 'visitor', 'Hi')]));

  it('adds an agent message once and updates a message in place (a rating)', () => {
    let s = applyMessage({ ...base, agentTyping: true }, msg('m1', 'agent', 'Hello, Sam here'));
    expect(s.agentTyping).toBe(false);
    s = applyMessage(s, msg('m1', 'agent', 'Hello, Sam here'));
    expect(s.messages.map((m) => m.id)).toEqual(['q1', 'm1']);
    s = applyMessage(s, msg('q1', 'visitor', 'Hi', { rating: 'up' }));
    expect(s.messages[0].rating).toBe('up');
  });

  it('puts a question acknowledged after its answer arrived back before the answer (server time order)', () => {
    let s = applySession(emptyConversation, session([]));
    s = applyAnswerEnd(s, msg('a1', 'bot', 'Answer', { createdAt: '2026-11-26T10:00:01.000Z' }));
    s = applyMessage(s, msg('q1', 'visitor', 'Question', { createdAt: '2026-11-26T10:00:00.500Z' }));
    expect(s.messages.map((m) => m.id)).toEqual(['q1', 'a1']);
  });

  it('ignores messages of another conversation', () => {
    expect(applyMessage(base, { ...msg('x', 'agent', 'nope'), conversationId: 'other' })).toBe(base);
  });

  it('changes mode and clears agent typing when the agent leaves', () => {
    const s = applyMode({ ...base, mode: 'agent', agentTyping: true }, 'bot');
    expect(s).toMatchObject({ mode: 'bot', agentTyping: false });
    expect(applyMode(s, 'bot')).toBe(s);
  });
});
