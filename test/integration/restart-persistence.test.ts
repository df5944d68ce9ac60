import { mkdtempSync, cpSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SAMPLE_KNOWLEDGE, startTestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';

describe('conversations survive a server restart (SQLite in DATA_DIR)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-restart-'));
  beforeAll(() => cpSync(SAMPLE_KNOWLEDGE, path.join(dir, 'knowledge'), { recursive: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the whole conversation to the returning visitor after the process restarts', async () => {
    const first = await startTestApp({ dir });
    const v = await connectVisitor(first.url);
    const r = await ask(v.socket, 'Can I pay with PayPal?');
    v.socket.close();
    await first.close();

    const second = await startTestApp({ dir });
    const back = await connectVisitor(second.url, { token: v.session.token });
    expect(back.session.conversationId).toBe(v.session.conversationId);
    expect(back.session.messages.map((m) => m.id)).toEqual([r.ack.message.id, r.end.id]);
    expect(back.session.messages[1]).toEqual(r.end);
    // And the conversation goes on where it stopped.
    const next = await ask(back.socket, 'And Apple Pay?');
    expect(next.end.conversationId).toBe(v.session.conversationId);
    back.socket.close();
    await second.close();
  });
});
