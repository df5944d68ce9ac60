import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryAgentStore } from '../../src/agents/memory-agent-store';
import { RedisAgentStore } from '../../src/agents/redis-agent-store';
import { SqliteAgentStore } from '../../src/agents/sqlite-agent-store';
import { redisContract } from '../support/redis-server';
import { agentStoreContract } from './agent-store.contract';

agentStoreContract('memory', async () => new MemoryAgentStore());

const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-agents-'));
let n = 0;
agentStoreContract('sqlite', async () => new SqliteAgentStore(path.join(dir, `a${n++}.db`)));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

redisContract('redis', agentStoreContract, (url, prefix) => RedisAgentStore.connect(url, { prefix }));
