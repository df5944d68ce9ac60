import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../src/errors';
import type { NewMessage } from '../../src/history/history-store';
import { SqliteHistoryStore } from '../../src/history/sqlite-history-store';
import { ChatClient } from '../../widget/src/chat-client';
import { memoryStore } from '../../widget/src/storage';
import { eventually } from '../support/eventually';
import { startTestApp } from '../support/test-app';
describe('ChatClient when the server’s store is briefly down', () => {
  it('resends a message refused as unavailable with the same clientMessageId, and it is stored once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-unavailable-'));
    const history = new SqliteHistoryStore(path.join(dir, 'history.db'));
    let failures = 2;
    // The store refuses the first appends of visitor messages, as a store that does not answer does.
    const flaky = new Proxy(history, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (prop !== 'appendMessage') return typeof value === 'function' ? value.bind(target) : value;
        return async (input: NewMessage) => {
          if (input.role === 'visitor' && failures-- > 0)
            throw new AppError('unavailable', 'The data store is not answering. Please try again.');
          return target.appendMessage(input);
        };
      },
    });
    const t = await startTestApp({ history: flaky });
    const c = new ChatClient({ serverUrl: t.url, local: memoryStore(), session: memoryStore(), ackTimeoutMs: 3000 });
    try {
      c.connect();
      await eventually(() => c.status === 'online', 5000, 'online');
      c.send('How do I start a return?');
      const clientMessageId = c.outbox.all()[0].clientMessageId;
      await eventually(() => c.conversation.messages.some((m) => m.role === 'bot'), 15_000, 'answered after retrying');
      const stored = await t.history.listMessages(c.conversation.conversationId!);
      expect(stored.filter((m) => m.role === 'visitor')).toEqual([
        expect.objectContaining({ clientMessageId, text: 'How do I start a return?' }),
      ]);
      expect(failures).toBeLessThan(0);
    } finally {
      c.destroy();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
