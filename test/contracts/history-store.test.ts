import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryHistoryStore } from '../../src/history/memory-history-store';
import { RedisHistoryStore } from '../../src/history/redis-history-store';
import { SqliteHistoryStore } from '../../src/history/sqlite-history-store';
import { createClient } from 'redis';
import { type RedisServer, redisAvailable, redisContract, startRedis } from '../support/redis-server';
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
    expect(
      (
        await second.appendMessage({
          conversationId: c.id,
          role: 'visitor',
          text: 'still here?',
          clientMessageId: 'd1',
        })
      ).created,
    ).toBe(false);
    await second.close();
  });

  it('upgrades a database made by the first release (no unanswered, reply_to, author columns)', async () => {
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    old.exec(`
      CREATE TABLE conversations (id TEXT PRIMARY KEY, visitor_id TEXT NOT NULL, mode TEXT NOT NULL, owner_agent_id TEXT, identity TEXT,
        created_at TEXT NOT NULL, last_message_at TEXT NOT NULL, unread INTEGER NOT NULL DEFAULT 0, preview TEXT NOT NULL DEFAULT '',
        message_count INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE messages (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, conversation_id TEXT NOT NULL REFERENCES conversations (id),
        role TEXT NOT NULL, text TEXT NOT NULL, created_at TEXT NOT NULL, sources TEXT, answered INTEGER, latency TEXT, rating TEXT,
        client_message_id TEXT, UNIQUE (conversation_id, client_message_id));
      INSERT INTO conversations VALUES ('c-old', 'v-old', 'bot', NULL, NULL, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', 1, 'hello', 1);
      INSERT INTO messages (id, conversation_id, role, text, created_at) VALUES ('m-old', 'c-old', 'visitor', 'hello', '2026-01-01T00:00:01.000Z');
    `);
    old.close();
    const store = new SqliteHistoryStore(file);
    expect(await store.getConversation('c-old')).toMatchObject({ unanswered: 0, preview: 'hello' });
    const a = await store.appendMessage({
      conversationId: 'c-old',
      role: 'bot',
      text: 'no idea',
      answered: false,
      replyTo: 'm-old',
    });
    expect(a.conversation.unanswered).toBe(1);
    expect((await store.listGaps('2026-01-01T00:00:00.000Z', 5))[0].question!.text).toBe('hello');
    await store.close();
  });
});

redisContract('redis', historyStoreContract, (url, prefix) => RedisHistoryStore.connect(url, { prefix }));

(redisAvailable() ? describe : describe.skip)('RedisHistoryStore upgrade', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('indexes conversations stored before the per-visitor and retention indexes, so they can be erased and purged', async () => {
    const first = await RedisHistoryStore.connect(redis.url, { prefix: 'up:' });
    const a = await first.createConversation({ visitorId: 'v-before' });
    await first.appendMessage({ conversationId: a.id, role: 'visitor', text: 'from the old release' });
    const b = await first.createConversation({ visitorId: 'v-before-2' });
    await first.appendMessage({ conversationId: b.id, role: 'visitor', text: 'me too' });
    await first.close();
    // What the previous release left: no visitor index, no retention index, no marker.
    const raw = createClient({ url: redis.url });
    await raw.connect();
    await raw.del(['up:visitor:v-before:conversations', 'up:visitor:v-before-2:conversations', 'up:retention']);
    await raw.del('up:indexed:retention-v1');
    await raw.quit();

    const upgraded = await RedisHistoryStore.connect(redis.url, { prefix: 'up:' });
    expect(await upgraded.deleteVisitorData('v-before')).toBe(1);
    expect(await upgraded.getConversation(a.id)).toBeNull();
    expect(await upgraded.deleteConversationsBefore(new Date(Date.now() + 1000).toISOString())).toBe(1);
    expect(await upgraded.getConversation(b.id)).toBeNull();
    await upgraded.close();
  });
});
