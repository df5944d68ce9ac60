import { memoryStore } from '../storage';
import { Outbox } from './outbox';

function ids() {
  let n = 0;
  return () => `id-${++n}`;
}

describe('Outbox', () => {
  it('keeps messages in order across a reload (a new Outbox on the same storage)', () => {
    const store = memoryStore();
    const a = new Outbox(store, ids());
    a.add('first', 1000);
    a.add('second', 2000);
    const b = new Outbox(store, () => 'unused');
    expect(b.all().map((p) => [p.clientMessageId, p.text, p.status])).toEqual([
      ['id-1', 'first', 'queued'],
      ['id-2', 'second', 'queued'],
    ]);
    expect(b.next()!.clientMessageId).toBe('id-1');
  });

  it('sends the oldest first and keeps later ones waiting behind a rate-limited one', () => {
    const box = new Outbox(memoryStore(), ids());
    box.add('one');
    box.add('two');
    box.retryAfter('id-1', 5000, 10_000);
    expect(box.next(12_000)).toBeUndefined();
    expect(box.waitMs(12_000)).toBe(3000);
    expect(box.next(15_000)!.clientMessageId).toBe('id-1');
    box.acked('id-1');
    expect(box.next(15_000)!.clientMessageId).toBe('id-2');
  });

  it('keeps a refused message with its error, skips it, and forgets it when dismissed', () => {
    const store = memoryStore();
    const box = new Outbox(store, ids());
    box.add('x'.repeat(5000));
    box.add('fine');
    box.fail('id-1', { code: 'message_too_long', message: 'Too long.' });
    expect(box.next()!.clientMessageId).toBe('id-2');
    expect(new Outbox(store, ids()).all()[0]).toMatchObject({ status: 'failed', error: { code: 'message_too_long' } });
    box.remove('id-1');
    box.acked('id-2');
    expect(box.all()).toEqual([]);
    expect(store.get('outbox')).toBeUndefined();
  });

  it('starts empty from corrupt or foreign storage instead of throwing', () => {
    const store = memoryStore();
    store.set('outbox', '{not json');
    expect(new Outbox(store, ids()).all()).toEqual([]);
    store.set(
      'outbox',
      JSON.stringify([{ clientMessageId: 1 }, { clientMessageId: 'ok', text: 'hi', createdAt: 'x', status: 'queued' }]),
    );
    expect(new Outbox(store, ids()).all().map((p) => p.clientMessageId)).toEqual(['ok']);
  });
});
