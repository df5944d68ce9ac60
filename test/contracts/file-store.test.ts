import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DiskFileStore } from '../../src/files/disk-file-store';
import { MemoryFileStore } from '../../src/files/memory-file-store';
import { RedisFileStore } from '../../src/files/redis-file-store';
import { PostgresFileStore } from '../../src/postgres/postgres-file-store';
import { connectPostgres } from '../../src/postgres/postgres-connection';
import { postgresAvailable, startPostgres, type PostgresServer } from '../support/postgres-server';
import { redisContract } from '../support/redis-server';
import { fileStoreContract } from './file-store.contract';

fileStoreContract('memory', async () => new MemoryFileStore());

const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-files-'));
let n = 0;
fileStoreContract(
  'disk',
  async () => new DiskFileStore(path.join(dir, `s${n++}`)),
  async () => rmSync(dir, { recursive: true, force: true }),
);

it('keeps files on disk readable by the server’s user only', async () => {
  const root = path.join(dir, 'private');
  const store = new DiskFileStore(root);
  await store.put(
    { id: 'f-1', conversationId: 'c-1', name: 'a.txt', type: 'text/plain', size: 1, createdAt: '', from: 'visitor' },
    Buffer.from('a'),
  );
  expect(statSync(path.join(root, 'f', 'f-1')).mode & 0o777).toBe(0o600);
  expect(statSync(path.join(root, 'f')).mode & 0o777).toBe(0o700);
});

redisContract('redis', fileStoreContract, (url, prefix) => RedisFileStore.connect(url, { prefix }));

if (postgresAvailable()) {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 30_000);
  afterAll(() => server?.stop());
  fileStoreContract('postgres', async () => new PostgresFileStore(await connectPostgres(await server.newDatabase())));
} else {
  describe.skip('PostgresFileStore (PostgreSQL not installed)', () => {
    it('skipped', () => undefined);
  });
}
