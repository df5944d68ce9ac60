import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api } from '../support/agent-client';
import { eventually } from '../support/eventually';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { login, SAMPLE_KNOWLEDGE, TEST_ADMIN } from '../support/test-app';

const run = redisAvailable() ? describe : describe.skip;

/** Whether a node's search finds `path` for `q`. */
async function finds(url: string, q: string, file: string): Promise<boolean> {
  const res = await fetch(`${url}/api/v1/knowledge/search?q=${encodeURIComponent(q)}&k=5`);
  const body = (await res.json()) as { results: { path: string }[] };
  return body.results.some((r) => r.path === file);
}

run('knowledge on every node, each with its own folder', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-ksync-'));
  let redis: RedisServer;
  const nodes: ServerProcess[] = [];
  const folder = (name: string) => path.join(dir, name, 'knowledge');
  const start = (name: string) => {
    cpSync(SAMPLE_KNOWLEDGE, folder(name), { recursive: true, force: false });
    return startServerProcess({
      REDIS_URL: redis.url,
      SERVER_SECRET: 'a-test-cluster-secret-of-32-characters',
      KNOWLEDGE_DIR: folder(name),
      DATA_DIR: path.join(dir, name, 'data'),
      SENTENCE_ENCODER: '0',
      KNOWLEDGE_DEBOUNCE_MS: '30',
      ADMIN_EMAIL: TEST_ADMIN.email,
      ADMIN_PASSWORD: TEST_ADMIN.password,
    });
  };

  beforeAll(async () => {
    redis = await startRedis();
    nodes.push(await start('a'));
    nodes.push(await start('b'));
  }, 40_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('takes an article saved in the console on one node to every node within 2 s', async () => {
    const [a, b] = nodes;
    const admin = api(a.url, await login(a.url));
    const res = await admin.put('/knowledge/files/store/opening-hours.md', {
      content:
        '---\ntitle: Store opening hours\n---\nOur flagship store in Lisbon opens at nine and closes at seven.\n',
    });
    expect(res.status).toBe(201);
    const t0 = performance.now();
    await eventually(() => finds(b.url, 'flagship store Lisbon', 'store/opening-hours.md'), 2000, 'node B finds it');
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(readFileSync(path.join(folder('b'), 'store/opening-hours.md'), 'utf8')).toContain('Lisbon');
  });

  it('takes a file changed on one node’s disk, and a deletion, to the others', async () => {
    const [a, b] = nodes;
    writeFileSync(
      path.join(folder('b'), 'store/loyalty.md'),
      '---\ntitle: Loyalty stamps\n---\nEvery tenth coffee at the kiosk is free with a stamp card.\n',
    );
    await eventually(() => finds(a.url, 'stamp card kiosk coffee', 'store/loyalty.md'), 3000, 'node A finds it');
    const admin = api(a.url, await login(a.url));
    const file = (await admin.get('/knowledge/files/store/loyalty.md')).json.file;
    expect((await admin.del(`/knowledge/files/store/loyalty.md?baseVersion=${file.version}`)).status).toBe(204);
    await eventually(() => !existsSync(path.join(folder('b'), 'store/loyalty.md')), 3000, 'deleted on node B');
    await eventually(
      async () => !(await finds(b.url, 'stamp card kiosk coffee', 'store/loyalty.md')),
      3000,
      'gone from B',
    );
  });

  it('brings a node that starts later up to date before it is ready', async () => {
    const c = await start('c');
    nodes.push(c);
    expect(await finds(c.url, 'flagship store Lisbon', 'store/opening-hours.md')).toBe(true);
    expect(existsSync(path.join(folder('c'), 'store/loyalty.md'))).toBe(false);
  });
});
