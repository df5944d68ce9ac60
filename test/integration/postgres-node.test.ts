import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Message } from '../../src/protocol/dto';
import { LATEST_SCHEMA_VERSION } from '../../src/postgres/postgres-connection';
import { eventually } from '../support/eventually';
import { postgresAvailable, startPostgres, type PostgresServer } from '../support/postgres-server';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { SAMPLE_KNOWLEDGE } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';

const run = postgresAvailable() ? describe : describe.skip;

run('a node on PostgreSQL (DATABASE_URL)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-pg-node-'));
  let db: PostgresServer;
  let url: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    cpSync(SAMPLE_KNOWLEDGE, path.join(dir, 'knowledge'), { recursive: true });
    db = await startPostgres();
    url = await db.newDatabase();
    env = {
      DATABASE_URL: url,
      DATA_DIR: path.join(dir, 'data'),
      KNOWLEDGE_DIR: path.join(dir, 'knowledge'),
      SENTENCE_ENCODER: '0',
      RATE_LIMIT_DISABLED: '1',
    };
  }, 30_000);
  afterAll(async () => {
    await server?.stop();
    await db?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const ready = async () =>
    (await fetch(`${server!.url}/readyz`, { signal: AbortSignal.timeout(5000) }).then((r) => r.status)) as number;

  it('migrates at start, once, and keeps conversations in the database across restarts', async () => {
    server = await startServerProcess(env);
    const v = await connectVisitor(server.url);
    const r = await ask(v.socket, 'How do I start a return?');
    expect(r.end.answered).toBe(true);
    v.socket.close();
    await server.stop();
    server = await startServerProcess(env);
    const back = await connectVisitor(server.url, { token: v.session.token });
    back.socket.close();
    expect(back.session.messages.map((m) => m.id)).toEqual([r.ack.message.id, r.end.id]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const versions = await client.query('SELECT version FROM schema_migrations ORDER BY version');
    await client.end();
    expect(versions.rows.map((x) => x.version)).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
  }, 60_000);

  it('survives a PostgreSQL crash: a typed, retryable ack and 503 while it is down, every acked message after', async () => {
    const v = await connectVisitor(server!.url);
    const send = (id: string, text: string) =>
      v.socket.timeout(10_000).emitWithAck('message:send', { clientMessageId: id, text }) as Promise<
        { ok: true; message: Message } | { ok: false; error: { code: string } }
      >;
    expect((await send('p1', 'Can I cancel my order?')).ok).toBe(true);
    await db.crash();
    expect(await send('p2', 'Where is my order?')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const t0 = performance.now();
    expect(await ready()).toBe(503);
    expect(performance.now() - t0).toBeLessThan(1000);
    await db.start();
    await eventually(async () => (await ready()) === 200, 10_000, 'ready again');
    expect((await send('p2', 'Where is my order?')).ok).toBe(true);
    await eventually(
      async () => {
        const c = await connectVisitor(server!.url, { token: v.session.token });
        c.socket.close();
        const ms = c.session.messages;
        return ms.filter((m) => m.role === 'visitor').length === 2 && ms.filter((m) => m.role === 'bot').length === 2;
      },
      10_000,
      'both questions stored once and answered once',
    );
    expect(server!.child.exitCode).toBeNull();
    v.socket.close();
  }, 60_000);
});
