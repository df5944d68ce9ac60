import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryAgentStore } from '../../src/agents/memory-agent-store';
import { RedisAgentStore } from '../../src/agents/redis-agent-store';
import { SqliteAgentStore } from '../../src/agents/sqlite-agent-store';
import { redisAvailable, startRedis, type RedisServer } from '../support/redis-server';
import { agentStoreContract } from './agent-store.contract';

agentStoreContract('memory', async () => new MemoryAgentStore());

const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-agents-'));
let n = 0;
agentStoreContract('sqlite', async () => new SqliteAgentStore(path.join(dir, `a${n++}.db`)));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

if (redisAvailable()) {
  let redis: RedisServer;
  let prefix = 0;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  agentStoreContract('redis', async () => RedisAgentStore.connect(redis.url, { prefix: `t${prefix++}:` }));
} else {
  describe.skip('AgentStore contract: redis (redis-server not installed)', () => {
    it('skipped', () => undefined);
  });
}
