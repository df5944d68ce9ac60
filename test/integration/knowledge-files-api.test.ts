import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addAgent, api } from '../support/agent-client';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';

const ARTICLE = `---
title: Gift wrapping
---
We wrap any order as a gift for 4 euros. Tick **gift wrapping** at checkout.
`;

describe('knowledge files through the API', () => {
  let t: TestApp;
  let admin: ReturnType<typeof api>;
  let agentApi: ReturnType<typeof api>;
  let outside: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = api(t.url, await login(t.url));
    agentApi = api(
      t.url,
      (await addAgent(t.url, await login(t.url), { email: 'writer@example.com', name: 'Wren' })).token,
    );
    outside = path.join(os.tmpdir(), `answerdesk-outside-${process.pid}`);
    mkdirSync(outside, { recursive: true });
    writeFileSync(path.join(outside, 'secret.md'), '---\ntitle: Secret\n---\nThe vault code is 1234.\n');
  });
  afterAll(() => t.close());

  /** Every file under the knowledge folder, to check that a refused request wrote nothing. */
  const snapshot = () => readdirSync(t.knowledgeDir, { recursive: true, withFileTypes: false }).map(String).sort();

  it('needs a signed-in agent for everything but search', async () => {
    const anon = api(t.url, 'nope');
    expect((await anon.get('/knowledge/files')).status).toBe(401);
    expect((await anon.put('/knowledge/files/x.md', { content: 'x' })).status).toBe(401);
    expect((await fetch(`${t.url}/api/v1/knowledge/search?q=return`)).status).toBe(200);
    expect(existsSync(path.join(t.knowledgeDir, 'x.md'))).toBe(false);
  });

  it('creates a file, indexes it before answering, and the next answer uses it', async () => {
    const created = await agentApi.put('/knowledge/files/orders/gift-wrapping.md', { content: ARTICLE });
    expect(created.status).toBe(201);
    expect(created.json.file).toMatchObject({
      path: 'orders/gift-wrapping.md',
      title: 'Gift wrapping',
      draft: false,
      chunks: 1,
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(created.headers.get('etag')).toBe(`"${created.json.file.version}"`);
    const search = await (await fetch(`${t.url}/api/v1/knowledge/search?q=gift+wrapping+price`)).json();
    expect(search.results[0]).toMatchObject({ path: 'orders/gift-wrapping.md' });
    const v = await connectVisitor(t.url);
    const r = await ask(v.socket, 'How much does gift wrapping cost?');
    expect(r.end.text).toContain('4 euros');
    expect(r.end.sources![0].path).toBe('orders/gift-wrapping.md');

    // Edited: the next answer changes.
    const edited = await agentApi.put('/knowledge/files/orders/gift-wrapping.md', {
      content: ARTICLE.replace('4 euros', '6 euros'),
      baseVersion: created.json.file.version,
    });
    expect(edited.status).toBe(200);
    const r2 = await ask(v.socket, 'How much does gift wrapping cost?');
    expect(r2.end.text).toContain('6 euros');
    v.socket.close();

    const read = await agentApi.get('/knowledge/files/orders/gift-wrapping.md');
    expect(read.json.file).toMatchObject({
      content: ARTICLE.replace('4 euros', '6 euros'),
      version: edited.json.file.version,
    });
    const list = await agentApi.get('/knowledge/files');
    expect(list.json.files.find((f: { path: string }) => f.path === 'orders/gift-wrapping.md')).toMatchObject({
      title: 'Gift wrapping',
      version: edited.json.file.version,
    });
  });

  it('refuses a second save from the same version (a concurrent edit) and keeps the first', async () => {
    const base = (await admin.put('/knowledge/files/concurrent.md', { content: '# Hours\n\nOpen 9 to 5.\n' })).json.file
      .version;
    const [one, two] = await Promise.all([
      agentApi.put('/knowledge/files/concurrent.md', { content: '# Hours\n\nOpen 8 to 6.\n', baseVersion: base }),
      admin.put('/knowledge/files/concurrent.md', { content: '# Hours\n\nOpen 10 to 4.\n', baseVersion: base }),
    ]);
    const statuses = [one.status, two.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = one.status === 409 ? one : two;
    const winner = one.status === 200 ? one : two;
    expect(loser.json.error.code).toBe('version_conflict');
    expect(readFileSync(path.join(t.knowledgeDir, 'concurrent.md'), 'utf8')).toBe(
      winner === one ? '# Hours\n\nOpen 8 to 6.\n' : '# Hours\n\nOpen 10 to 4.\n',
    );
    // Creating over an existing file is refused too; If-Match works like baseVersion.
    expect((await admin.put('/knowledge/files/concurrent.md', { content: 'x' })).json.error.code).toBe('file_exists');
    expect(
      (
        await admin.put(
          '/knowledge/files/concurrent.md',
          { content: '# Hours\n\nClosed.\n' },
          { 'if-match': '"0000000000000000"' },
        )
      ).status,
    ).toBe(409);
    expect(
      (
        await admin.put(
          '/knowledge/files/concurrent.md',
          { content: '# Hours\n\nClosed.\n' },
          { 'if-match': `"${winner.json.file.version}"` },
        )
      ).status,
    ).toBe(200);
  });

  it.each([
    ['a parent segment', '/knowledge/files/..%2Fescape.md'],
    ['an encoded parent segment', '/knowledge/files/%2e%2e%2f%2e%2e%2fescape.md'],
    ['a double-encoded parent segment', '/knowledge/files/%252e%252e%252fescape.md'],
    ['an absolute path', `/knowledge/files/${encodeURIComponent('/tmp/escape.md')}`],
    ['a NUL byte', '/knowledge/files/ok%00.md'],
    ['a backslash', '/knowledge/files/..%5Cescape.md'],
    ['a hidden file', '/knowledge/files/.env.md'],
    ['a non-text extension', '/knowledge/files/evil.js'],
    ['no extension', '/knowledge/files/README'],
    ['bad percent-encoding', '/knowledge/files/%E0%A4%A.md'],
    ['a name of 300 characters', `/knowledge/files/${'a'.repeat(297)}.md`],
    ['a path under an existing file', '/knowledge/files/returns/start-a-return.md/inside.md'],
  ])('refuses %s with 400 and writes nothing', async (_what, route) => {
    const before = snapshot();
    const res = await admin.put(route, { content: 'pwned' });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_path');
    expect((await admin.get(route)).status).toBe(400);
    expect((await admin.del(route)).status).toBe(400);
    expect(snapshot()).toEqual(before);
    expect(existsSync(path.join(t.knowledgeDir, '..', 'escape.md'))).toBe(false);
  });

  it('refuses symbolic links that point outside the folder, for reads and writes', async () => {
    symlinkSync(outside, path.join(t.knowledgeDir, 'linked-dir'));
    symlinkSync(path.join(outside, 'secret.md'), path.join(t.knowledgeDir, 'linked.md'));
    for (const route of [
      '/knowledge/files/linked-dir/secret.md',
      '/knowledge/files/linked.md',
      '/knowledge/files/linked-dir/new.md',
    ]) {
      expect((await admin.get(route)).status).toBe(400);
      const res = await admin.put(route, { content: 'overwritten', baseVersion: 'x' });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe('invalid_path');
    }
    expect(readFileSync(path.join(outside, 'secret.md'), 'utf8')).toContain('1234');
    expect(existsSync(path.join(outside, 'new.md'))).toBe(false);
    // Nor does the index follow them, even after the watcher has seen them.
    await new Promise((r) => setTimeout(r, 400));
    const search = await (await fetch(`${t.url}/api/v1/knowledge/search?q=vault+code+1234`)).json();
    expect(
      search.results.filter(
        (r: { path: string; text: string }) => r.path.startsWith('linked') || r.text.includes('1234'),
      ),
    ).toEqual([]);
    expect(t.app.knowledge.document('linked.md')).toBeUndefined();
  });

  it('renames and deletes (admins only), refusing stale versions, and records who did what', async () => {
    const created = (
      await agentApi.put('/knowledge/files/draft-idea.md', {
        content: '---\ntitle: Loyalty points\n---\nEarn one point per euro.\n',
      })
    ).json.file;
    expect((await agentApi.del('/knowledge/files/draft-idea.md')).status).toBe(403);
    expect((await agentApi.post('/knowledge/rename', { from: 'draft-idea.md', to: 'account/loyalty.md' })).status).toBe(
      403,
    );
    expect(
      (await admin.post('/knowledge/rename', { from: 'draft-idea.md', to: 'account/loyalty.md', baseVersion: 'stale' }))
        .status,
    ).toBe(409);
    expect((await admin.post('/knowledge/rename', { from: 'draft-idea.md', to: '../loyalty.md' })).status).toBe(400);
    expect(
      (await admin.post('/knowledge/rename', { from: 'draft-idea.md', to: 'concurrent.md' })).json.error.code,
    ).toBe('file_exists');
    const renamed = await admin.post('/knowledge/rename', {
      from: 'draft-idea.md',
      to: 'account/loyalty.md',
      baseVersion: created.version,
    });
    expect(renamed.status).toBe(200);
    expect(t.app.knowledge.document('draft-idea.md')).toBeUndefined();
    expect(t.app.knowledge.document('account/loyalty.md')).toMatchObject({ title: 'Loyalty points' });
    expect((await admin.del('/knowledge/files/account/loyalty.md?baseVersion=stale')).status).toBe(409);
    expect((await admin.del(`/knowledge/files/account/loyalty.md?baseVersion=${created.version}`)).status).toBe(204);
    expect(t.app.knowledge.document('account/loyalty.md')).toBeUndefined();
    expect((await admin.get('/knowledge/files/account/loyalty.md')).status).toBe(404);

    const changes = (await agentApi.get(`/knowledge/changes?path=${encodeURIComponent('draft-idea.md')}`)).json.changes;
    expect(changes.map((c: { action: string; agentName: string }) => [c.action, c.agentName])).toEqual([
      ['rename', 'Admin'],
      ['create', 'Wren'],
    ]);
    const all = (await agentApi.get('/knowledge/changes')).json.changes;
    expect(all[0]).toMatchObject({
      action: 'delete',
      path: 'account/loyalty.md',
      agentName: 'Admin',
      at: expect.any(String),
    });
  });

  it('keeps a draft out of the index but editable, and leaves no temp files behind', async () => {
    const res = await agentApi.put('/knowledge/files/upcoming.md', {
      content: '---\ntitle: Upcoming sale\ndraft: true\n---\nHalf price on Friday.\n',
    });
    expect(res.json.file).toMatchObject({ draft: true, chunks: 0 });
    expect(t.app.knowledge.document('upcoming.md')).toBeUndefined();
    expect(snapshot().filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses an oversized file with 413 and writes nothing', async () => {
    const before = snapshot();
    const res = await admin.put('/knowledge/files/huge.md', { content: 'x'.repeat(2 * 1024 * 1024 + 10) });
    expect(res.status).toBe(413);
    expect(snapshot()).toEqual(before);
  });
});
