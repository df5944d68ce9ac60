import { randomUUID } from 'node:crypto';
import { connectRedis, type RedisClient, type RedisOptions } from '../history/redis-connection';
import { AppError } from '../errors';
import type { Agent, CannedReply, KnowledgeChange } from '../protocol/http-api';
import { publicAgent, type AgentCredentials, type AgentSession } from './agent';
import type { AgentStore } from './agent-store';

type Client = RedisClient;

/**
 * Saves a canned reply unless its shortcut belongs to another. KEYS: replies hash (id → json),
 * shortcuts hash (shortcut → id). ARGV: id, shortcut, json.
 */
const SAVE_CANNED = `
local owner = redis.call('HGET', KEYS[2], ARGV[2])
if owner and owner ~= ARGV[1] then return 0 end
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then redis.call('HDEL', KEYS[2], cjson.decode(old).shortcut) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
return 1
`;

/** Audit entries kept; older ones fall off the list. */
const MAX_CHANGES = 10_000;

/** Agents in Redis, shared by every node. Sessions expire with Redis TTLs. */
export class RedisAgentStore implements AgentStore {
  private constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, opts: { prefix?: string } & RedisOptions = {}): Promise<RedisAgentStore> {
    return new RedisAgentStore(await connectRedis(url, opts), opts.prefix ?? 'ad:');
  }

  private k(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  async createAgent(input: Omit<AgentCredentials, 'id' | 'createdAt'>): Promise<Agent> {
    const agent: AgentCredentials = {
      ...input,
      email: input.email.toLowerCase(),
      id: randomUUID(),
      createdAt: new Date().toISOString(),
    };
    // SET NX on the email is the uniqueness check, atomic across nodes.
    const claimed = await this.client.set(this.k('agent-email', agent.email), agent.id, { NX: true });
    if (!claimed) throw new AppError('email_taken');
    await this.client
      .multi()
      .set(this.k('agent', agent.id), JSON.stringify(agent))
      .zAdd(this.k('agents'), { score: Date.now(), value: agent.id })
      .exec();
    return publicAgent(agent);
  }

  async agentByEmail(email: string): Promise<AgentCredentials | null> {
    const id = await this.client.get(this.k('agent-email', email.toLowerCase()));
    return id ? this.credentials(id) : null;
  }

  async getAgent(id: string): Promise<Agent | null> {
    const a = await this.credentials(id);
    return a ? publicAgent(a) : null;
  }

  async listAgents(): Promise<Agent[]> {
    const ids = await this.client.zRange(this.k('agents'), 0, -1);
    if (!ids.length) return [];
    const raw = await this.client.mGet(ids.map((id) => this.k('agent', id)));
    return raw.filter((r): r is string => r !== null).map((r) => publicAgent(JSON.parse(r) as AgentCredentials));
  }

  async deleteAgent(id: string): Promise<boolean> {
    const a = await this.credentials(id);
    if (!a) return false;
    const sessions = await this.client.sMembers(this.k('agent', id, 'sessions'));
    const tx = this.client
      .multi()
      .del(this.k('agent', id))
      .del(this.k('agent-email', a.email))
      .zRem(this.k('agents'), id)
      .del(this.k('agent', id, 'sessions'));
    for (const hash of sessions) tx.del(this.k('session', hash));
    await tx.exec();
    return true;
  }

  async getSetting(key: string): Promise<string | null> {
    return (await this.client.hGet(this.k('settings'), key)) ?? null;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.client.hSet(this.k('settings'), key, value);
  }

  async listCannedReplies(): Promise<CannedReply[]> {
    const all = Object.values(await this.client.hGetAll(this.k('canned'))).map((r) => JSON.parse(r) as CannedReply);
    return all.sort((a, b) => a.shortcut.localeCompare(b.shortcut));
  }

  async saveCannedReply(reply: CannedReply): Promise<CannedReply> {
    // The shortcut index and the reply change together, or not at all when the shortcut is another's.
    const saved = (await this.client.eval(SAVE_CANNED, {
      keys: [this.k('canned'), this.k('canned-shortcuts')],
      arguments: [reply.id, reply.shortcut, JSON.stringify(reply)],
    })) as number;
    if (saved === 0) throw new AppError('shortcut_taken');
    return { ...reply };
  }

  async deleteCannedReply(id: string): Promise<boolean> {
    const raw = await this.client.hGet(this.k('canned'), id);
    if (!raw) return false;
    const { shortcut } = JSON.parse(raw) as CannedReply;
    await this.client.multi().hDel(this.k('canned'), id).hDel(this.k('canned-shortcuts'), shortcut).exec();
    return true;
  }

  async renameAgent(id: string, name: string): Promise<boolean> {
    const a = await this.credentials(id);
    if (!a) return false;
    await this.client.set(this.k('agent', id), JSON.stringify({ ...a, name }));
    return true;
  }

  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    const a = await this.credentials(id);
    if (!a) return false;
    const sessions = await this.client.sMembers(this.k('agent', id, 'sessions'));
    const tx = this.client
      .multi()
      .set(this.k('agent', id), JSON.stringify({ ...a, passwordHash }))
      .del(this.k('agent', id, 'sessions'));
    for (const hash of sessions) tx.del(this.k('session', hash));
    await tx.exec();
    return true;
  }

  async createSession(s: AgentSession): Promise<void> {
    const ttl = Math.max(1, Date.parse(s.expiresAt) - Date.now());
    await this.client
      .multi()
      .set(this.k('session', s.tokenHash), JSON.stringify(s), { PX: ttl })
      .sAdd(this.k('agent', s.agentId, 'sessions'), s.tokenHash)
      .exec();
  }

  async getSession(tokenHash: string): Promise<AgentSession | null> {
    const raw = await this.client.get(this.k('session', tokenHash));
    if (!raw) return null;
    const s = JSON.parse(raw) as AgentSession;
    return Date.parse(s.expiresAt) > Date.now() ? s : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    const raw = await this.client.get(this.k('session', tokenHash));
    const tx = this.client.multi().del(this.k('session', tokenHash));
    if (raw) tx.sRem(this.k('agent', (JSON.parse(raw) as AgentSession).agentId, 'sessions'), tokenHash);
    await tx.exec();
  }

  async recordChange(change: KnowledgeChange): Promise<void> {
    await this.client
      .multi()
      .lPush(this.k('knowledge-changes'), JSON.stringify(change))
      .lTrim(this.k('knowledge-changes'), 0, MAX_CHANGES - 1)
      .exec();
  }

  async listChanges(opts: { path?: string; limit: number }): Promise<KnowledgeChange[]> {
    const all = (await this.client.lRange(this.k('knowledge-changes'), 0, -1)).map(
      (r) => JSON.parse(r) as KnowledgeChange,
    );
    return all.filter((c) => !opts.path || c.path === opts.path || c.from === opts.path).slice(0, opts.limit);
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.quit();
  }

  private async credentials(id: string): Promise<AgentCredentials | null> {
    const raw = await this.client.get(this.k('agent', id));
    return raw ? (JSON.parse(raw) as AgentCredentials) : null;
  }
}
