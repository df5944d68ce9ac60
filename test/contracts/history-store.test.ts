import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryHistoryStore } from '../../src/history/memory-history-store';
import { RedisHistoryStore } from '../../src/history/redis-history-store';
import { SqliteHistoryStore } from '../../src/history/sqlite-history-store';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { historyStoreContract } from './history-store.contract';

historyStoreContract('memory', async () => new MemoryHistoryStore());

const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-sqlite-'));
let n = 0;
historyStoreContract(
  'sqlite (file, WAL)',
  async () => new SqliteHistoryStore(path.join(dir, `h${n++}.db`)),
  async () => rmSync(dir, { recursive: true, force: true }),
);

describe('SqliteHistoryStore durability', () => {
  it('keeps conversations and messages across a close and reopen of the file', async () => {
    const file = path.join(dir, 'durable.db');
    const first = new SqliteHistoryStore(file);
    const c = await first.createConversation({ visitorId: 'durable' });
    await first.appendMessage({ conversationId: c.id, role: 'visitor', text: 'still here?', clientMessageId: 'd1' });
    await first.close();
    const second = new SqliteHistoryStore(file);
    expect((await second.listMessages(c.id)).map((m) => m.text)).toEqual(['still here?']);
    expect((await second.appendMessage({ conversationId: c.id, role: 'visitor', text: 'still here?', clientMessageId: 'd1' })).created).toBe(false);
    await second.close();
  });
});

if (redisAvailable()) {
  let redis: RedisServer;
  let prefix = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  // A fresh key prefix per test gives each an empty store on one server.
  historyStoreContract('redis', async () => RedisHistoryStore.connect(redis.url, { prefix: `t${prefix++}:` }));
} else {
  describe.skip('HistoryStore contract: redis (redis-server not installed)', () => {
    it('skipped', () => undefined);
  });
}
