import type { HistoryStore } from '../../src/history/history-store';

/**
 * The behaviour every HistoryStore must have. Each implementation's test file calls this with a
 * factory that returns a fresh, empty store.
 */
export function historyStoreContract(
  name: string,
  make: () => Promise<HistoryStore>,
  cleanup?: () => Promise<void>,
): void {
  describe(`HistoryStore contract: ${name}`, () => {
    let store: HistoryStore;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store.close();
    });
    if (cleanup) afterAll(cleanup);

    it('creates a conversation in bot mode with no messages, and finds it by id and by visitor', async () => {
      const c = await store.createConversation({
        visitorId: 'v1',
        identity: { name: 'Ada', email: 'ada@example.com' },
      });
      expect(c).toMatchObject({
        visitorId: 'v1',
        mode: 'bot',
        unread: 0,
        preview: '',
        identity: { name: 'Ada', email: 'ada@example.com' },
      });
      expect(await store.getConversation(c.id)).toEqual(c);
      expect(await store.latestConversation('v1')).toEqual(c);
      expect(await store.listMessages(c.id)).toEqual([]);
      expect(await store.getConversation('nope')).toBeNull();
      expect(await store.latestConversation('nobody')).toBeNull();
    });

    it('returns the visitor’s most recent conversation', async () => {
      await store.createConversation({ visitorId: 'v2' });
      await new Promise((r) => setTimeout(r, 5));
      const second = await store.createConversation({ visitorId: 'v2' });
      expect((await store.latestConversation('v2'))!.id).toBe(second.id);
    });

    it('keeps the files a message carries, and previews a file sent alone by its name', async () => {
      const c = await store.createConversation({ visitorId: 'v-files' });
      const attachments = [
        { id: 'f-1', name: 'parcel.jpg', type: 'image/jpeg' as const, size: 1200, width: 640, height: 480 },
        { id: 'f-2', name: 'label.pdf', type: 'application/pdf' as const, size: 300 },
      ];
      const sent = await store.appendMessage({
        conversationId: c.id,
        role: 'visitor',
        text: '',
        attachments,
        clientMessageId: 'file-1',
      });
      expect(sent.message.attachments).toEqual(attachments);
      expect(sent.conversation.preview).toBe('📎 parcel.jpg 📎 label.pdf');
      expect((await store.listMessages(c.id))[0]).toEqual(sent.message);
      expect(await store.getMessage(sent.message.id)).toEqual(sent.message);
      const captioned = await store.appendMessage({
        conversationId: c.id,
        role: 'agent',
        text: 'Here is your label',
        attachments: [attachments[1]],
      });
      expect(captioned.conversation.preview).toBe('Here is your label');
      const plain = await store.appendMessage({ conversationId: c.id, role: 'visitor', text: 'thanks' });
      expect(plain.message.attachments).toBeUndefined();
    });

    it('appends messages in order with all their fields, and updates the conversation', async () => {
      const c = await store.createConversation({ visitorId: 'v3' });
      const q = await store.appendMessage({
        conversationId: c.id,
        role: 'visitor',
        text: 'Where is my parcel?',
        clientMessageId: 'm1',
      });
      expect(q.created).toBe(true);
      expect(q.message.clientMessageId).toBe('m1');
      const a = await store.appendMessage({
        id: 'bot-answer-1',
        conversationId: c.id,
        role: 'bot',
        text: 'It is on its way [1].',
        sources: [
          { path: 'shipping/track.md', title: 'Track', heading: 'Tracking', url: 'https://x.example/t', score: 0.9 },
        ],
        answered: true,
        latency: { retrievalMs: 1.5, firstTokenMs: 3.25, totalMs: 9 },
      });
      expect(a.message.id).toBe('bot-answer-1');
      const list = await store.listMessages(c.id);
      expect(list).toEqual([q.message, a.message]);
      expect(list[1]).toMatchObject({
        role: 'bot',
        answered: true,
        latency: { retrievalMs: 1.5, firstTokenMs: 3.25, totalMs: 9 },
        sources: [{ path: 'shipping/track.md', heading: 'Tracking' }],
      });
      expect(Date.parse(list[0].createdAt)).not.toBeNaN();
      const conv = (await store.getConversation(c.id))!;
      expect(a.conversation).toEqual(conv);
      expect(q.conversation).toMatchObject({
        id: c.id,
        preview: 'Where is my parcel?',
        unread: 1,
        lastMessageAt: q.message.createdAt,
      });
      expect(conv.preview).toBe('It is on its way [1].');
      expect(conv.lastMessageAt).toBe(a.message.createdAt);
      expect(conv.unread).toBe(1);
      expect(await store.listMessages(c.id, { limit: 1 })).toEqual([a.message]);
      expect(await store.getMessage(a.message.id)).toEqual(a.message);
    });

    it('stores a message once per clientMessageId, even when sent concurrently', async () => {
      const c = await store.createConversation({ visitorId: 'v4' });
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          store.appendMessage({ conversationId: c.id, role: 'visitor', text: 'same', clientMessageId: 'dup' }),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      // A duplicate reports the conversation as it is, not as if the message were added again.
      expect(results.every((r) => r.conversation.unread === 1 && r.conversation.id === c.id)).toBe(true);
      expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
      expect(await store.listMessages(c.id)).toHaveLength(1);
      expect((await store.getConversation(c.id))!.unread).toBe(1);
      // The same client id in another conversation is a different message.
      const other = await store.createConversation({ visitorId: 'v4' });
      expect(
        (await store.appendMessage({ conversationId: other.id, role: 'visitor', text: 'same', clientMessageId: 'dup' }))
          .created,
      ).toBe(true);
    });

    it('lets one holder at a time claim a question’s answer, until it is released or expires', async () => {
      expect(await store.claimAnswer('q-1', 60_000)).toBe(true);
      expect(await store.claimAnswer('q-1', 60_000)).toBe(false);
      expect(await store.claimAnswer('q-2', 60_000)).toBe(true);
      await store.releaseAnswer('q-1');
      expect(await store.claimAnswer('q-1', 60_000)).toBe(true);
      // Concurrent claims: exactly one wins.
      const wins = await Promise.all(Array.from({ length: 10 }, () => store.claimAnswer('q-3', 60_000)));
      expect(wins.filter(Boolean)).toHaveLength(1);
      // A claim whose holder died expires; one renewed in time does not.
      expect(await store.claimAnswer('q-4', 150)).toBe(true);
      expect(await store.claimAnswer('q-5', 150)).toBe(true);
      await new Promise((r) => setTimeout(r, 80));
      expect(await store.renewAnswer('q-5', 60_000)).toBe(true);
      await new Promise((r) => setTimeout(r, 120));
      expect(await store.claimAnswer('q-4', 60_000)).toBe(true);
      expect(await store.claimAnswer('q-5', 60_000)).toBe(false);
      expect(await store.renewAnswer('q-never', 60_000)).toBe(false);
    });

    it('refuses messages for an unknown conversation', async () => {
      await expect(
        store.appendMessage({ conversationId: 'missing', role: 'visitor', text: 'hi' }),
      ).rejects.toMatchObject({ code: 'conversation_not_found' });
    });

    it('updates mode, owner, identity and unread, and clears the owner', async () => {
      const c = await store.createConversation({ visitorId: 'v5' });
      await store.appendMessage({ conversationId: c.id, role: 'visitor', text: 'help' });
      const taken = await store.updateConversation(c.id, { mode: 'agent', ownerAgentId: 'agent-7', unread: 0 });
      expect(taken).toMatchObject({ mode: 'agent', ownerAgentId: 'agent-7', unread: 0 });
      const back = await store.updateConversation(c.id, { mode: 'bot', ownerAgentId: null, identity: { name: 'Bo' } });
      expect(back.ownerAgentId).toBeUndefined();
      expect(back).toMatchObject({ mode: 'bot', identity: { name: 'Bo' } });
      expect(await store.getConversation(c.id)).toEqual(back);
      await expect(store.updateConversation('missing', { mode: 'closed' })).rejects.toMatchObject({
        code: 'conversation_not_found',
      });
    });

    it('records ratings on messages', async () => {
      const c = await store.createConversation({ visitorId: 'v6' });
      const { message } = await store.appendMessage({
        conversationId: c.id,
        role: 'bot',
        text: 'answer',
        answered: true,
      });
      expect((await store.setRating(message.id, 'up'))!.rating).toBe('up');
      expect((await store.setRating(message.id, 'down'))!.rating).toBe('down');
      expect((await store.getMessage(message.id))!.rating).toBe('down');
      expect(await store.setRating('missing', 'up')).toBeNull();
    });

    it('lists conversations with messages by latest activity, optionally by mode', async () => {
      const empty = await store.createConversation({ visitorId: 'v7' });
      const a = await store.createConversation({ visitorId: 'v7a' });
      const b = await store.createConversation({ visitorId: 'v7b' });
      await store.appendMessage({ conversationId: a.id, role: 'visitor', text: 'first' });
      await new Promise((r) => setTimeout(r, 5));
      await store.appendMessage({ conversationId: b.id, role: 'visitor', text: 'second' });
      await new Promise((r) => setTimeout(r, 5));
      await store.appendMessage({ conversationId: a.id, role: 'visitor', text: 'third' });
      await store.updateConversation(b.id, { mode: 'waiting' });
      const all = await store.listConversations({ limit: 10 });
      expect(all.map((c) => c.id)).toEqual([a.id, b.id]);
      expect(all.map((c) => c.id)).not.toContain(empty.id);
      expect((await store.listConversations({ limit: 10, mode: 'waiting' })).map((c) => c.id)).toEqual([b.id]);
      expect(await store.listConversations({ limit: 1 })).toHaveLength(1);
    });

    it('returns answer samples with latency since a time', async () => {
      const c = await store.createConversation({ visitorId: 'v8' });
      const before = new Date(Date.now() - 1000).toISOString();
      await store.appendMessage({ conversationId: c.id, role: 'visitor', text: 'q' });
      await store.appendMessage({
        conversationId: c.id,
        role: 'bot',
        text: 'a',
        answered: true,
        latency: { retrievalMs: 1, firstTokenMs: 2, totalMs: 3 },
      });
      await store.appendMessage({
        conversationId: c.id,
        role: 'bot',
        text: 'no',
        answered: false,
        latency: { retrievalMs: 4, firstTokenMs: 5, totalMs: 6 },
      });
      const samples = await store.answerSamples(before);
      expect(samples.map((s) => [s.answered, s.latency.totalMs]).sort()).toEqual([
        [false, 6],
        [true, 3],
      ]);
      expect(samples.every((s) => s.conversationId === c.id && typeof s.messageId === 'string')).toBe(true);
      expect(await store.answerSamples(new Date(Date.now() + 60_000).toISOString())).toEqual([]);
    });

    it('stores who wrote an agent message and which question a bot answer replies to', async () => {
      const c = await store.createConversation({ visitorId: 'v9' });
      const q = await store.appendMessage({ conversationId: c.id, role: 'visitor', text: 'q' });
      const a = await store.appendMessage({
        conversationId: c.id,
        role: 'bot',
        text: 'a',
        answered: true,
        replyTo: q.message.id,
      });
      const r = await store.appendMessage({
        conversationId: c.id,
        role: 'agent',
        text: 'hi',
        author: { id: 'ag1', name: 'Sam' },
        clientMessageId: 'r1',
      });
      expect(a.message.replyTo).toBe(q.message.id);
      expect(r.message.author).toEqual({ id: 'ag1', name: 'Sam' });
      expect(await store.listMessages(c.id)).toEqual([q.message, a.message, r.message]);
    });

    it('lets only the allowed owner change a conversation (compare-and-set)', async () => {
      const c = await store.createConversation({ visitorId: 'v10' });
      const first = await store.updateConversationIfOwner(c.id, [null, 'ag1'], { mode: 'agent', ownerAgentId: 'ag1' });
      expect(first).toMatchObject({ applied: true, conversation: { mode: 'agent', ownerAgentId: 'ag1' } });
      const second = await store.updateConversationIfOwner(c.id, [null, 'ag2'], { mode: 'agent', ownerAgentId: 'ag2' });
      expect(second).toMatchObject({ applied: false, conversation: { ownerAgentId: 'ag1' } });
      const again = await store.updateConversationIfOwner(c.id, [null, 'ag1'], { mode: 'agent', ownerAgentId: 'ag1' });
      expect(again.applied).toBe(true);
      const released = await store.updateConversationIfOwner(c.id, ['ag1'], { mode: 'bot', ownerAgentId: null });
      expect(released.applied).toBe(true);
      expect(released.conversation.ownerAgentId).toBeUndefined();
      expect(released.conversation.mode).toBe('bot');
      expect((await store.updateConversationIfOwner(c.id, ['ag1'], { mode: 'closed' })).applied).toBe(false);
      await expect(store.updateConversationIfOwner('missing', [null], { mode: 'agent' })).rejects.toMatchObject({
        code: 'conversation_not_found',
      });
    });

    it('gives exactly one of many concurrent claims', async () => {
      const c = await store.createConversation({ visitorId: 'v11' });
      const claims = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((id) =>
          store.updateConversationIfOwner(c.id, [null, id], { mode: 'agent', ownerAgentId: id }),
        ),
      );
      expect(claims.filter((r) => r.applied)).toHaveLength(1);
      const winner = claims.find((r) => r.applied)!.conversation.ownerAgentId;
      expect((await store.getConversation(c.id))!.ownerAgentId).toBe(winner);
    });

    it('counts declined answers and filters conversations by text, dates, mode and "could not answer"', async () => {
      const a = await store.createConversation({ visitorId: 'v12a', identity: { email: 'zoe@example.com' } });
      const b = await store.createConversation({ visitorId: 'v12b' });
      await store.appendMessage({ conversationId: a.id, role: 'visitor', text: 'My LAMP flickers 50%_off' });
      const declined = await store.appendMessage({ conversationId: a.id, role: 'bot', text: 'Sorry', answered: false });
      expect(declined.conversation.unanswered).toBe(1);
      await new Promise((r) => setTimeout(r, 5));
      const mid = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 5));
      await store.appendMessage({ conversationId: b.id, role: 'visitor', text: 'Where is my parcel?' });
      const ids = async (o: Partial<Parameters<HistoryStore['listConversations']>[0]>) =>
        (await store.listConversations({ limit: 10, ...o })).map((c) => c.id);
      expect(await ids({ q: 'lamp' })).toEqual([a.id]);
      expect(await ids({ q: 'flickers lamp' })).toEqual([a.id]);
      expect(await ids({ q: 'lamp parcel' })).toEqual([]);
      expect(await ids({ q: '50%_' })).toEqual([a.id]);
      expect(await ids({ q: '%' })).toEqual([a.id]);
      expect(await ids({ q: 'zoe@example' })).toEqual([a.id]);
      expect(await ids({ unanswered: true })).toEqual([a.id]);
      expect(await ids({ from: mid })).toEqual([b.id]);
      expect(await ids({ to: mid })).toEqual([a.id]);
      expect(await ids({ from: mid, mode: 'waiting' })).toEqual([]);
      expect((await store.getConversation(b.id))!.unanswered).toBe(0);
    });

    it('lists knowledge gaps: declined and thumbs-down answers with their questions, newest first', async () => {
      const c = await store.createConversation({ visitorId: 'v13' });
      const since = new Date(Date.now() - 1000).toISOString();
      const q1 = await store.appendMessage({ conversationId: c.id, role: 'visitor', text: 'Do you ship to Mars?' });
      const a1 = await store.appendMessage({
        conversationId: c.id,
        role: 'bot',
        text: 'Sorry',
        answered: false,
        replyTo: q1.message.id,
      });
      await new Promise((r) => setTimeout(r, 5));
      const q2 = await store.appendMessage({ conversationId: c.id, role: 'visitor', text: 'Colour of the hub?' });
      const a2 = await store.appendMessage({
        conversationId: c.id,
        role: 'bot',
        text: 'Blue',
        answered: true,
        replyTo: q2.message.id,
      });
      expect(await store.listGaps(since, 10)).toEqual([
        expect.objectContaining({ reason: 'unanswered', question: q1.message }),
      ]);
      await store.setRating(a2.message.id, 'down');
      const gaps = await store.listGaps(since, 10);
      expect(gaps.map((g) => [g.reason, g.answer.id, g.question?.text])).toEqual([
        ['rated_down', a2.message.id, 'Colour of the hub?'],
        ['unanswered', a1.message.id, 'Do you ship to Mars?'],
      ]);
      await store.setRating(a2.message.id, 'up');
      expect((await store.listGaps(since, 10)).map((g) => g.answer.id)).toEqual([a1.message.id]);
      expect(await store.listGaps(since, 0 + 1)).toHaveLength(1);
      expect(await store.listGaps(new Date(Date.now() + 60_000).toISOString(), 10)).toEqual([]);
    });

    it('keeps the wait, an offline message, the visitor’s context and tags, and filters on them', async () => {
      const context = { pageUrl: 'https://shop.example.com/cart', browser: 'Firefox 133', locale: 'fr-FR' };
      const c = await store.createConversation({ visitorId: 'v-ctx', context });
      expect(c.context).toEqual(context);
      await store.appendMessage({ conversationId: c.id, role: 'visitor', text: 'anyone?' });
      const since = new Date().toISOString();
      let u = await store.updateConversation(c.id, { mode: 'waiting', waitingSince: since });
      expect(u).toMatchObject({ mode: 'waiting', waitingSince: since });
      const feedback = { score: 4, comment: 'Quick, thanks', at: since };
      expect((await store.updateConversation(c.id, { feedback })).feedback).toEqual(feedback);
      u = await store.updateConversation(c.id, { waitingSince: null, tags: ['refund', 'vip'] });
      expect(u.feedback).toEqual(feedback);
      expect(u.waitingSince).toBeUndefined();
      expect(u.tags).toEqual(['refund', 'vip']);
      const contact = { email: 'ada@example.com', message: 'Call me back', at: since };
      const { conversation, applied } = await store.updateConversationIfOwner(c.id, [null], {
        contact,
        waitingSince: since,
      });
      expect(applied).toBe(true);
      expect(conversation).toMatchObject({ contact, waitingSince: since, tags: ['refund', 'vip'] });
      expect(await store.getConversation(c.id)).toEqual(conversation);

      // A later conversation (by the clock: two in one millisecond have no order).
      await new Promise((r) => setTimeout(r, 5));
      const other = await store.createConversation({ visitorId: 'v-ctx' });
      await store.appendMessage({ conversationId: other.id, role: 'visitor', text: 'hello again' });
      await store.updateConversation(other.id, { tags: ['refunded'] });
      const ids = async (opts: object) => (await store.listConversations({ limit: 10, ...opts })).map((x) => x.id);
      expect(await ids({ tag: 'refund' })).toEqual([c.id]);
      expect(await ids({ tag: 'refunded' })).toEqual([other.id]);
      expect(await ids({ tag: 'ref' })).toEqual([]);
      expect(await ids({ offline: true })).toEqual([c.id]);
      await store.updateConversation(c.id, { mode: 'closed' });
      expect(await ids({ offline: true })).toEqual([]);
      u = await store.updateConversation(c.id, { contact: null, tags: [] });
      expect(u.contact).toBeUndefined();
      expect(u.tags).toBeUndefined();

      // Their earlier conversations, newest first.
      expect((await store.visitorConversations('v-ctx', 10)).map((x) => x.id)).toEqual([other.id, c.id]);
      expect((await store.visitorConversations('v-ctx', 1)).map((x) => x.id)).toEqual([other.id]);
      expect(await store.visitorConversations('nobody', 10)).toEqual([]);
    });

    /** A conversation with a question, a declined answer (a gap) and a timed answer (a sample). */
    async function conversationWithAnswers(visitorId: string, prefix: string) {
      const c = await store.createConversation({ visitorId });
      const q = await store.appendMessage({
        conversationId: c.id,
        role: 'visitor',
        text: `${prefix} question`,
        clientMessageId: `${prefix}-q`,
      });
      const a = await store.appendMessage({
        conversationId: c.id,
        role: 'bot',
        text: `${prefix} answer`,
        answered: false,
        replyTo: q.message.id,
        latency: { retrievalMs: 1, firstTokenMs: 5, totalMs: 9 },
      });
      return { id: c.id, messageIds: [q.message.id, a.message.id] };
    }

    async function expectGone(c: { id: string; messageIds: string[] }) {
      expect(await store.getConversation(c.id)).toBeNull();
      expect(await store.listMessages(c.id)).toEqual([]);
      for (const id of c.messageIds) expect(await store.getMessage(id)).toBeNull();
      const all = await store.listConversations({ limit: 100 });
      expect(all.map((x) => x.id)).not.toContain(c.id);
      const since = new Date(Date.now() - 60_000).toISOString();
      expect((await store.answerSamples(since)).map((x) => x.conversationId)).not.toContain(c.id);
      expect((await store.listGaps(since, 100)).map((g) => g.answer.conversationId)).not.toContain(c.id);
      await expect(store.appendMessage({ conversationId: c.id, role: 'visitor', text: 'back?' })).rejects.toMatchObject(
        {
          code: 'conversation_not_found',
        },
      );
    }

    async function expectKept(c: { id: string; messageIds: string[] }) {
      expect((await store.listMessages(c.id)).map((m) => m.id)).toEqual(c.messageIds);
      const since = new Date(Date.now() - 60_000).toISOString();
      expect((await store.answerSamples(since)).map((x) => x.conversationId)).toContain(c.id);
      expect((await store.listGaps(since, 100)).map((g) => g.answer.conversationId)).toContain(c.id);
    }

    it('purges exactly the conversations whose last activity is before the cut-off, with everything of theirs', async () => {
      const old = await conversationWithAnswers('v-old', 'old');
      const oldButActive = await conversationWithAnswers('v-active', 'active');
      const empty = await store.createConversation({ visitorId: 'v-empty' });
      await new Promise((r) => setTimeout(r, 15));
      const cutoff = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 15));
      const late = await store.appendMessage({
        conversationId: oldButActive.id,
        role: 'visitor',
        text: 'still there?',
      });
      oldButActive.messageIds.push(late.message.id);
      const recent = await conversationWithAnswers('v-recent', 'recent');

      expect(await store.deleteConversationsBefore(cutoff)).toBe(2);
      await expectGone(old);
      expect(await store.getConversation(empty.id)).toBeNull();
      expect(await store.latestConversation('v-old')).toBeNull();
      await expectKept(oldButActive);
      await expectKept(recent);
      expect(await store.deleteConversationsBefore(cutoff)).toBe(0);

      // A client message id of a purged conversation is free again in a new one.
      const again = await store.createConversation({ visitorId: 'v-old' });
      const resent = await store.appendMessage({
        conversationId: again.id,
        role: 'visitor',
        text: 'old question',
        clientMessageId: 'old-q',
      });
      expect(resent.created).toBe(true);
    });

    it('erases one visitor’s conversations, and only theirs', async () => {
      const first = await conversationWithAnswers('v-erase', 'first');
      const second = await conversationWithAnswers('v-erase', 'second');
      const other = await conversationWithAnswers('v-other', 'other');

      expect(await store.deleteVisitorData('v-erase')).toBe(2);
      await expectGone(first);
      await expectGone(second);
      expect(await store.latestConversation('v-erase')).toBeNull();
      await expectKept(other);
      expect(await store.deleteVisitorData('v-erase')).toBe(0);
      expect(await store.deleteVisitorData('nobody')).toBe(0);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
