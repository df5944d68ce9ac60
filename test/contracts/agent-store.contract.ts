import type { AgentStore } from '../../src/agents/agent-store';

/** The behaviour every AgentStore must have; `make` returns a fresh, empty store. */
export function agentStoreContract(name: string, make: () => Promise<AgentStore>): void {
  describe(`AgentStore contract: ${name}`, () => {
    let store: AgentStore;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(() => store.close());

    const input = (email: string, role: 'admin' | 'agent' = 'agent') => ({
      email,
      name: email.split('@')[0],
      role,
      passwordHash: `hash-of-${email}`,
    });

    it('creates agents with lower-cased unique emails and finds them by email and id', async () => {
      const a = await store.createAgent(input('Sam@Example.com', 'admin'));
      expect(a).toEqual({
        id: expect.any(String),
        email: 'sam@example.com',
        name: 'Sam',
        role: 'admin',
        createdAt: expect.any(String),
      });
      expect(a).not.toHaveProperty('passwordHash');
      expect(await store.agentByEmail('SAM@example.COM')).toEqual({ ...a, passwordHash: 'hash-of-Sam@Example.com' });
      expect(await store.getAgent(a.id)).toEqual(a);
      await expect(store.createAgent(input('sam@example.com'))).rejects.toMatchObject({ code: 'email_taken' });
      expect(await store.agentByEmail('nobody@example.com')).toBeNull();
      expect(await store.getAgent('missing')).toBeNull();
    });

    it('lists agents oldest first and deletes one with its sessions', async () => {
      const a = await store.createAgent(input('a@example.com'));
      await new Promise((r) => setTimeout(r, 3));
      const b = await store.createAgent(input('b@example.com'));
      expect((await store.listAgents()).map((x) => x.email)).toEqual(['a@example.com', 'b@example.com']);
      const expiresAt = new Date(Date.now() + 60_000).toISOString();
      await store.createSession({ tokenHash: 'tb', agentId: b.id, expiresAt });
      await store.createSession({ tokenHash: 'ta', agentId: a.id, expiresAt });
      expect(await store.deleteAgent(b.id)).toBe(true);
      expect(await store.deleteAgent(b.id)).toBe(false);
      expect(await store.getSession('tb')).toBeNull();
      expect(await store.getSession('ta')).toMatchObject({ agentId: a.id });
      expect(await store.agentByEmail('b@example.com')).toBeNull();
      // The email is free again.
      await expect(store.createAgent(input('b@example.com'))).resolves.toMatchObject({ email: 'b@example.com' });
    });

    it('sets a new password hash and ends that agent’s sessions only', async () => {
      const a = await store.createAgent(input('p@example.com'));
      const b = await store.createAgent(input('q@example.com'));
      const expiresAt = new Date(Date.now() + 60_000).toISOString();
      await store.createSession({ tokenHash: 'pa', agentId: a.id, expiresAt });
      await store.createSession({ tokenHash: 'pb', agentId: b.id, expiresAt });
      expect(await store.setPassword(a.id, 'new-hash')).toBe(true);
      expect((await store.agentByEmail('p@example.com'))?.passwordHash).toBe('new-hash');
      expect(await store.getSession('pa')).toBeNull();
      expect(await store.getSession('pb')).toMatchObject({ agentId: b.id });
      expect(await store.setPassword('no-such-agent', 'x')).toBe(false);
    });

    it('renames an agent, keeping their password and sessions', async () => {
      const a = await store.createAgent(input('r@example.com'));
      await store.createSession({
        tokenHash: 'ra',
        agentId: a.id,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(await store.renameAgent(a.id, 'Rita R.')).toBe(true);
      expect(await store.getAgent(a.id)).toMatchObject({ name: 'Rita R.', email: 'r@example.com' });
      expect((await store.listAgents()).find((x) => x.id === a.id)?.name).toBe('Rita R.');
      expect((await store.agentByEmail('r@example.com'))?.passwordHash).toBe(input('r@example.com').passwordHash);
      expect(await store.getSession('ra')).toMatchObject({ agentId: a.id });
      expect(await store.renameAgent('no-such-agent', 'x')).toBe(false);
    });

    it('keeps team settings, replaced in place', async () => {
      expect(await store.getSetting('business-hours')).toBeNull();
      await store.setSetting('business-hours', '{"hours":"mon 09:00-17:00"}');
      await store.setSetting('business-hours', '{"hours":"tue 09:00-17:00"}');
      expect(await store.getSetting('business-hours')).toBe('{"hours":"tue 09:00-17:00"}');
    });

    it('keeps the team’s canned replies by shortcut, unique, changed in place and removed', async () => {
      const at = new Date().toISOString();
      await store.saveCannedReply({ id: 'c1', shortcut: 'refund', text: 'Refunds take 5 days.', updatedAt: at });
      await store.saveCannedReply({ id: 'c2', shortcut: 'hello', text: 'Hi there!', updatedAt: at });
      expect((await store.listCannedReplies()).map((r) => r.shortcut)).toEqual(['hello', 'refund']);
      await expect(
        store.saveCannedReply({ id: 'c3', shortcut: 'refund', text: 'dup', updatedAt: at }),
      ).rejects.toMatchObject({ code: 'shortcut_taken' });
      // Renaming a reply's shortcut frees the old one.
      await store.saveCannedReply({ id: 'c1', shortcut: 'refunds', text: 'Refunds take 3 days.', updatedAt: at });
      await store.saveCannedReply({ id: 'c3', shortcut: 'refund', text: 'Now free', updatedAt: at });
      expect((await store.listCannedReplies()).map((r) => [r.shortcut, r.text])).toEqual([
        ['hello', 'Hi there!'],
        ['refund', 'Now free'],
        ['refunds', 'Refunds take 3 days.'],
      ]);
      expect(await store.deleteCannedReply('c2')).toBe(true);
      expect(await store.deleteCannedReply('c2')).toBe(false);
      expect((await store.listCannedReplies()).map((r) => r.id).sort()).toEqual(['c1', 'c3']);
    });

    it('keeps sessions until they expire or are deleted', async () => {
      const a = await store.createAgent(input('s@example.com'));
      await store.createSession({
        tokenHash: 'live',
        agentId: a.id,
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      });
      await store.createSession({
        tokenHash: 'short',
        agentId: a.id,
        expiresAt: new Date(Date.now() + 150).toISOString(),
      });
      expect(await store.getSession('live')).toEqual({
        tokenHash: 'live',
        agentId: a.id,
        expiresAt: expect.any(String),
      });
      expect(await store.getSession('short')).not.toBeNull();
      await new Promise((r) => setTimeout(r, 250));
      expect(await store.getSession('short')).toBeNull();
      await store.deleteSession('live');
      expect(await store.getSession('live')).toBeNull();
      expect(await store.getSession('never')).toBeNull();
    });

    it('records knowledge changes, newest first, filterable by path (renames included)', async () => {
      const base = { agentId: 'a1', agentName: 'Sam' };
      await store.recordChange({
        ...base,
        at: '2026-11-26T10:00:00.000Z',
        action: 'create',
        path: 'a.md',
        version: 'v1',
      });
      await store.recordChange({
        ...base,
        at: '2026-11-26T10:01:00.000Z',
        action: 'update',
        path: 'b.md',
        version: 'v2',
      });
      await store.recordChange({
        ...base,
        at: '2026-11-26T10:02:00.000Z',
        action: 'rename',
        path: 'c.md',
        from: 'a.md',
        version: 'v1',
      });
      await store.recordChange({ ...base, at: '2026-11-26T10:03:00.000Z', action: 'delete', path: 'b.md' });
      expect((await store.listChanges({ limit: 10 })).map((c) => c.action)).toEqual([
        'delete',
        'rename',
        'update',
        'create',
      ]);
      expect(await store.listChanges({ path: 'a.md', limit: 10 })).toEqual([
        { ...base, at: '2026-11-26T10:02:00.000Z', action: 'rename', path: 'c.md', from: 'a.md', version: 'v1' },
        { ...base, at: '2026-11-26T10:00:00.000Z', action: 'create', path: 'a.md', version: 'v1' },
      ]);
      expect(await store.listChanges({ limit: 1 })).toHaveLength(1);
    });
  });
}
