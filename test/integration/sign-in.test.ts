import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { addAgent, api } from '../support/agent-client';
import { login, startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

describe('sign-in under attack, and passwords', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '5', TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => t.close());

  const signIn = (body: { email: string; password: string }, ip: string) =>
    fetch(`${t.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify(body),
    });

  it('checks no more attempts sent at once than the limit, so the right one among 150 gets no token', async () => {
    const { agent } = await addAgent(t.url, await login(t.url), { email: 'target@example.com', name: 'Target' });
    const statuses = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        signIn(
          { email: agent.email, password: i === 120 ? 'a long enough password' : `guess number ${i}` },
          '203.0.113.9',
        ).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(145);
    expect(statuses[120]).toBe(429);
  });

  it('still lets the owner in, from their own address, while strangers guess from many', async () => {
    const { agent } = await addAgent(t.url, await login(t.url), { email: 'owner@example.com', name: 'Owner' });
    for (let i = 0; i < 7; i++)
      expect((await signIn({ email: agent.email, password: `guess ${i} xx` }, `198.51.100.${i}`)).status).toBe(401);
    const owner = await signIn({ email: agent.email, password: 'a long enough password' }, '192.0.2.77');
    expect(owner.status).toBe(200);
  });

  it('lets an admin set an agent’s password, ending their sessions; an agent changes their own with the current one', async () => {
    const admin = api(t.url, await login(t.url));
    const { agent, token } = await addAgent(t.url, await login(t.url), { email: 'reset@example.com', name: 'Reset' });
    expect((await admin.put(`/agents/${agent.id}/password`, { password: 'brand new password' })).status).toBe(204);
    expect((await api(t.url, token).get('/auth/me')).status).toBe(401);
    const fresh = await login(t.url, { email: agent.email, password: 'brand new password' });
    const self = api(t.url, fresh);
    expect((await self.put(`/agents/${agent.id}/password`, { password: 'mine only now' })).status).toBe(401);
    expect(
      (await self.put(`/agents/${agent.id}/password`, { password: 'mine only now', currentPassword: 'wrong one' }))
        .status,
    ).toBe(401);
    expect(
      (
        await self.put(`/agents/${agent.id}/password`, {
          password: 'mine only now',
          currentPassword: 'brand new password',
        })
      ).status,
    ).toBe(204);
    // An agent cannot set someone else's.
    const me = (await admin.get('/auth/me')).json.agent.id as string;
    const other = api(t.url, await login(t.url, { email: agent.email, password: 'mine only now' }));
    expect((await other.put(`/agents/${me}/password`, { password: 'taken over now' })).status).toBe(403);
    expect((await admin.put(`/agents/${agent.id}/password`, { password: 'short' })).status).toBe(400);
  });

  it('recovers a lost admin with npm run admin -- reset-password', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/cli/admin.ts'), 'reset-password', TEST_ADMIN.email],
      { env: { ...process.env, DATA_DIR: t.dataDir, ADMIN_PASSWORD: '', LOG_LEVEL: 'silent' }, cwd: ROOT },
    );
    const password = /is (\S+) \(shown only this once\)/.exec(stdout)?.[1];
    expect(password).toBeDefined();
    expect(await login(t.url, { email: TEST_ADMIN.email, password: password! })).toMatch(/^ad_/);
    await expect(login(t.url, TEST_ADMIN)).rejects.toThrow(/401/);
    const unknown = await run(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/cli/admin.ts'), 'reset-password', 'nobody@example.com'],
      { env: { ...process.env, DATA_DIR: t.dataDir }, cwd: ROOT },
    ).catch((err: { code: number; stderr: string }) => err);
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('No agent') });
  });
});
