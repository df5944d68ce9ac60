import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addAgent, api } from '../support/agent-client';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';

const ROOT = path.resolve(__dirname, '../..');

/** `npm run backup` / `npm run restore` as an operator runs them, from the sources. */
function cli(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/backup.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('backup and restore (SQLite)', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-backup-'));
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up a running server and restores into a working one: conversations, agents, files and visitors’ tokens', async () => {
    t = await startTestApp();
    const admin = await login(t.url);
    await addAgent(t.url, admin, { email: 'kept@example.com', name: 'Kept Agent' });
    const before = await connectVisitor(t.url);
    await ask(before.socket, 'How do I reset my password?');
    const sent = await fetch(`${t.url}/api/v1/conversations/${before.session.conversationId}/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${before.session.token}`,
        'x-file-name': 'note.txt',
        'x-client-message-id': 'f1',
      },
      body: 'The lid was cracked on arrival.',
    });
    const fileId = ((await sent.json()) as { message: { attachments: { id: string }[] } }).message.attachments[0].id;

    // Online: the server keeps running and answering while the copy is made.
    const env = { DATA_DIR: t.dataDir, KNOWLEDGE_DIR: t.knowledgeDir };
    const backup = cli(['backup', '--out', path.join(work, 'backups')], env);
    expect(backup.out).toMatch(/Backed up 1 conversations and 2 agents/);
    expect(backup.code).toBe(0);
    const [folder] = readdirSync(path.join(work, 'backups'));
    const dir = path.join(work, 'backups', folder);
    expect(readdirSync(dir).sort()).toEqual(['answerdesk.db', 'files', 'knowledge', 'server-secret.key']);
    expect(statSync(path.join(dir, 'answerdesk.db')).mode & 0o077).toBe(0);

    const after = await connectVisitor(t.url);
    await ask(after.socket, 'Where is my order?');
    before.socket.close();
    after.socket.close();
    await t.close();
    t = undefined;

    const restored = path.join(work, 'restored');
    const r = cli(['restore', dir], { DATA_DIR: path.join(restored, 'data'), KNOWLEDGE_DIR: path.join(restored, 'k') });
    expect(r.out).toMatch(/Restored 1 conversations and 2 agents/);
    expect(r.code).toBe(0);
    cpSync(path.join(dir, 'knowledge'), path.join(restored, 'knowledge'), { recursive: true });
    t = await startTestApp({ dir: restored });

    const kept = await api(t.url, await login(t.url)).get(`/conversations/${before.session.conversationId}`);
    expect(kept.status).toBe(200);
    expect(kept.json.messages.map((m: { role: string }) => m.role)).toEqual(['visitor', 'bot', 'visitor']);
    const file = await fetch(`${t.url}/api/v1/files/${fileId}`, {
      headers: { authorization: `Bearer ${before.session.token}` },
    });
    expect(await file.text()).toBe('The lid was cracked on arrival.');
    expect((await api(t.url, await login(t.url)).get(`/conversations/${after.session.conversationId}`)).status).toBe(
      404,
    );
    await login(t.url, { email: 'kept@example.com', password: 'a long enough password' });
    // The token key came back too: the visitor's widget finds their conversation.
    const back = await connectVisitor(t.url, { token: before.session.token });
    expect(back.session.conversationId).toBe(before.session.conversationId);
    back.socket.close();
  });

  it('refuses a damaged backup and leaves DATA_DIR as it was', () => {
    const bad = path.join(work, 'bad.db');
    writeFileSync(bad, 'not a database at all'.repeat(100));
    const dataDir = path.join(work, 'untouched');
    const r = cli(['restore', bad], { DATA_DIR: dataDir, KNOWLEDGE_DIR: path.join(work, 'k') });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/not a database|integrity/);
    expect(r.out).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dataDir, 'answerdesk.db'))).toBe(false);
  });

  it('says where to back up from when the history is not in SQLite', () => {
    const r = cli(['backup'], { DATA_DIR: work, REDIS_URL: 'redis://127.0.0.1:1', SERVER_SECRET: 'x'.repeat(32) });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/History is in Redis/);
  });
});
