import type { Message } from '../../../src/protocol/dto';
import { applyAnswerDelta, applyAnswerStart, applySession, emptyConversation } from './conversation';
import type { Pending } from './outbox';
import { awaitingAnswer, timeline } from './timeline';

const NOW = Date.parse('2026-11-26T10:00:10.000Z');
const visitor = (id: string, clientMessageId?: string): Message => ({
  id,
  conversationId: 'c1',
  role: 'visitor',
  text: id,
  createdAt: '2026-11-26T10:00:00.000Z',
  clientMessageId,
});
const pending = (clientMessageId: string, status: Pending['status'] = 'queued'): Pending => ({
  clientMessageId,
  text: clientMessageId,
  createdAt: '2026-11-26T10:00:05.000Z',
  status,
});

describe('timeline', () => {
  it('lists stored messages, then streams, then pending messages', () => {
    let conv = applySession(emptyConversation, {
      token: 't.s',
      tokenExpiresAt: 0,
      visitorId: 'v',
      conversationId: 'c1',
      mode: 'bot',
      messages: [visitor('q1', 'k1')],
    });
    conv = applyAnswerStart(conv, 'a1');
    expect(timeline(conv, [pending('k2')]).map((i) => `${i.kind}:${i.key}`)).toEqual([
      'message:q1',
      'stream:a1',
      'pending:pending:k2',
    ]);
  });

  it('shows a message once when the server stored it but its ack was lost', () => {
    const conv = applySession(emptyConversation, {
      token: 't.s',
      tokenExpiresAt: 0,
      visitorId: 'v',
      conversationId: 'c1',
      mode: 'bot',
      messages: [visitor('q1', 'k1')],
    });
    expect(timeline(conv, [pending('k1')]).map((i) => i.key)).toEqual(['q1']);
  });
});

describe('awaitingAnswer (the thinking dots)', () => {
  const base = applySession(emptyConversation, {
    token: 't.s',
    tokenExpiresAt: 0,
    visitorId: 'v',
    conversationId: 'c1',
    mode: 'bot',
    messages: [visitor('q1')],
  });

  it('is on from the moment a question is queued or stored until the first token', () => {
    expect(awaitingAnswer({ ...base, messages: [] }, [pending('k1')], NOW)).toBe(true);
    expect(awaitingAnswer(base, [], NOW)).toBe(true);
    const started = applyAnswerStart(base, 'a1');
    expect(awaitingAnswer(started, [], NOW)).toBe(true);
    expect(awaitingAnswer(applyAnswerDelta(started, { messageId: 'a1', delta: 'H', offset: 0 }), [], NOW)).toBe(false);
  });

  it('is off when a person answers, and gives up after a minute without an answer', () => {
    expect(awaitingAnswer({ ...base, mode: 'waiting' }, [], NOW)).toBe(false);
    expect(awaitingAnswer(base, [], NOW + 61_000)).toBe(false);
    expect(awaitingAnswer(base, [pending('k', 'failed')], NOW + 61_000)).toBe(false);
  });
});
