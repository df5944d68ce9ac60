import { randomUUID } from 'node:crypto';
import { connectRedis, type RedisClient, type RedisOptions } from './redis-connection';
import { AppError } from '../errors';
import type { Conversation, Message, Rating } from '../protocol/dto';
import {
  messageOf,
  previewOf,
  type AnswerSample,
  type AppendResult,
  type ConversationPatch,
  type GapEntry,
  type HistoryStore,
  type ListConversationsOptions,
  type NewConversation,
  type NewMessage,
  withStoredFields,
  matchesFilters,
} from './history-store';
import { matchesQuery } from './query-text';

type Client = RedisClient;

/** How long answer samples are kept for statistics. */
const SAMPLE_RETENTION_MS = 30 * 86_400_000;

/**
 * Atomic append: duplicate check, message write, list push and conversation update in one
 * script, so two nodes receiving the same resend cannot both store it.
 * KEYS: conv hash, message list, conv activity zset, answers zset, gaps zset, retention zset.
 * ARGV: prefix, clientMessageId or '', message id, message json, created ms, created iso,
 *       preview, unread increment, answer sample json or '', sample cutoff ms, '1' if the bot declined.
 */
const APPEND = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
local cmidKey = ''
if ARGV[2] ~= '' then
  cmidKey = ARGV[1] .. 'cmid:' .. redis.call('HGET', KEYS[1], 'id') .. ':' .. ARGV[2]
  local existing = redis.call('GET', cmidKey)
  if existing then return {'duplicate', redis.call('GET', ARGV[1] .. 'msg:' .. existing), redis.call('HGETALL', KEYS[1])} end
  redis.call('SET', cmidKey, ARGV[3])
end
redis.call('SET', ARGV[1] .. 'msg:' .. ARGV[3], ARGV[4])
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('HSET', KEYS[1], 'lastMessageAt', ARGV[6], 'preview', ARGV[7])
redis.call('HINCRBY', KEYS[1], 'unread', tonumber(ARGV[8]))
redis.call('HINCRBY', KEYS[1], 'messageCount', 1)
redis.call('ZADD', KEYS[3], tonumber(ARGV[5]), redis.call('HGET', KEYS[1], 'id'))
redis.call('ZADD', KEYS[6], tonumber(ARGV[5]), redis.call('HGET', KEYS[1], 'id'))
if ARGV[9] ~= '' then
  redis.call('ZADD', KEYS[4], tonumber(ARGV[5]), ARGV[9])
  redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[10])
end
if ARGV[11] == '1' then
  redis.call('HINCRBY', KEYS[1], 'unanswered', 1)
  redis.call('ZADD', KEYS[5], tonumber(ARGV[5]), ARGV[3])
  redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', '(' .. ARGV[10])
end
return {'created', '', redis.call('HGETALL', KEYS[1])}
`;

/**
 * Compare-and-set on the owner. KEYS: conv hash. ARGV: allowed owners as JSON (null = none),
 * patch as JSON ({ mode?, ownerAgentId?: string | null, identity?, unread? }).
 */
const UPDATE_IF_OWNER = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
local owner = redis.call('HGET', KEYS[1], 'ownerAgentId')
local allowed = cjson.decode(ARGV[1])
local ok = false
for _, o in ipairs(allowed) do
  if (o == cjson.null and not owner) or o == owner then ok = true end
end
if not ok then return {'refused', redis.call('HGETALL', KEYS[1])} end
local patch = cjson.decode(ARGV[2])
if patch.mode then redis.call('HSET', KEYS[1], 'mode', patch.mode) end
if patch.ownerAgentId == cjson.null then redis.call('HDEL', KEYS[1], 'ownerAgentId')
elseif patch.ownerAgentId then redis.call('HSET', KEYS[1], 'ownerAgentId', patch.ownerAgentId) end
if patch.identity then redis.call('HSET', KEYS[1], 'identity', cjson.encode(patch.identity)) end
if patch.unread == 0 then redis.call('HSET', KEYS[1], 'unread', '0') end
if patch.waitingSince == cjson.null then redis.call('HDEL', KEYS[1], 'waitingSince')
elseif patch.waitingSince then redis.call('HSET', KEYS[1], 'waitingSince', patch.waitingSince) end
if patch.contact == cjson.null then redis.call('HDEL', KEYS[1], 'contact')
elseif patch.contact then redis.call('HSET', KEYS[1], 'contact', cjson.encode(patch.contact)) end
if patch.context then redis.call('HSET', KEYS[1], 'context', cjson.encode(patch.context)) end
if patch.tags then redis.call('HSET', KEYS[1], 'tags', ARGV[3]) end
if patch.feedback then redis.call('HSET', KEYS[1], 'feedback', cjson.encode(patch.feedback)) end
return {'applied', redis.call('HGETALL', KEYS[1])}
`;

/**
 * Deletes one conversation and everything of it, at once. KEYS: conv hash, message list,
 * activity zset, retention zset, gaps zset. ARGV: prefix, conversation id. Returns its visitor.
 */
const DELETE_CONVERSATION = `
local visitor = redis.call('HGET', KEYS[1], 'visitorId')
for _, id in ipairs(redis.call('LRANGE', KEYS[2], 0, -1)) do
  local raw = redis.call('GET', ARGV[1] .. 'msg:' .. id)
  if raw then
    local cmid = cjson.decode(raw).clientMessageId
    if type(cmid) == 'string' then redis.call('DEL', ARGV[1] .. 'cmid:' .. ARGV[2] .. ':' .. cmid) end
  end
  redis.call('DEL', ARGV[1] .. 'msg:' .. id)
  redis.call('ZREM', KEYS[5], id)
end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('ZREM', KEYS[4], ARGV[2])
if visitor then
  redis.call('SREM', ARGV[1] .. 'visitor:' .. visitor .. ':conversations', ARGV[2])
  local latest = ARGV[1] .. 'visitor:' .. visitor .. ':latest'
  if redis.call('GET', latest) == ARGV[2] then redis.call('DEL', latest) end
end
return visitor or ''
`;

/** Conversations scanned at most by one filtered list (a text search reads their messages). */
const MAX_SCAN = 10_000;

/** History in Redis, for several nodes sharing one conversation store. */
/** Extends a claim only if its holder is still the caller. */
const RENEW_CLAIM = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/** Deletes a claim only if its holder is still the caller. */
const RELEASE_CLAIM = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export class RedisHistoryStore implements HistoryStore {
  /** This store's name in the claims it holds (see claimAnswer). */
  private readonly holder = randomUUID();

  private constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {}

  /** Connects and returns the store; rejects when Redis cannot be reached. */
  static async connect(url: string, opts: { prefix?: string } & RedisOptions = {}): Promise<RedisHistoryStore> {
    const store = new RedisHistoryStore(await connectRedis(url, opts), opts.prefix ?? 'ad:');
    await store.indexOlderConversations();
    return store;
  }

  /**
   * Conversations stored before the per-visitor and retention indexes existed are added to them
   * once, by the first node to start on this data.
   */
  private async indexOlderConversations(): Promise<void> {
    if ((await this.client.set(this.k('indexed', 'retention-v1'), '1', { NX: true })) !== 'OK') return;
    for await (const keys of this.client.scanIterator({ MATCH: this.k('conv', '*'), COUNT: 500 })) {
      for (const key of ([] as string[]).concat(keys)) {
        if (key.endsWith(':messages')) continue;
        const [id, visitorId, lastMessageAt] = await this.client.hmGet(key, ['id', 'visitorId', 'lastMessageAt']);
        if (!id || !visitorId) continue;
        await this.client
          .multi()
          .sAdd(this.k('visitor', visitorId, 'conversations'), id)
          .zAdd(this.k('retention'), { score: Date.parse(lastMessageAt ?? '') || Date.now(), value: id })
          .exec();
      }
    }
  }

  private k(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  async visitorConversations(visitorId: string, limit: number): Promise<Conversation[]> {
    const ids = await this.client.sMembers(this.k('visitor', visitorId, 'conversations'));
    const tx = this.client.multi();
    for (const id of ids) tx.hGetAll(this.k('conv', id));
    const found = ids.length ? ((await tx.exec()) as unknown as Record<string, string>[]) : [];
    return found
      .filter((h) => h.id)
      .map(toConversation)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, limit);
  }

  async createConversation(input: NewConversation): Promise<Conversation> {
    const now = new Date().toISOString();
    const conv: Conversation = {
      id: randomUUID(),
      visitorId: input.visitorId,
      mode: 'bot',
      createdAt: now,
      lastMessageAt: now,
      unread: 0,
      preview: '',
      unanswered: 0,
    };
    if (input.identity) conv.identity = input.identity;
    if (input.context) conv.context = input.context;
    await this.client
      .multi()
      .hSet(this.k('conv', conv.id), {
        id: conv.id,
        visitorId: conv.visitorId,
        mode: conv.mode,
        createdAt: now,
        lastMessageAt: now,
        unread: '0',
        preview: '',
        messageCount: '0',
        unanswered: '0',
        identity: input.identity ? JSON.stringify(input.identity) : '',
        context: input.context ? JSON.stringify(input.context) : '',
      })
      .set(this.k('visitor', input.visitorId, 'latest'), conv.id)
      .sAdd(this.k('visitor', input.visitorId, 'conversations'), conv.id)
      .zAdd(this.k('retention'), { score: Date.parse(now), value: conv.id })
      .exec();
    return conv;
  }

  async getConversation(id: string): Promise<Conversation | null> {
    const h = await this.client.hGetAll(this.k('conv', id));
    return h.id ? toConversation(h) : null;
  }

  async latestConversation(visitorId: string): Promise<Conversation | null> {
    const id = await this.client.get(this.k('visitor', visitorId, 'latest'));
    return id ? this.getConversation(id) : null;
  }

  async updateConversation(id: string, patch: ConversationPatch): Promise<Conversation> {
    const key = this.k('conv', id);
    if (!(await this.client.exists(key))) throw new AppError('conversation_not_found');
    const fields: Record<string, string> = {};
    if (patch.mode) fields.mode = patch.mode;
    if (typeof patch.ownerAgentId === 'string') fields.ownerAgentId = patch.ownerAgentId;
    if (patch.identity) fields.identity = JSON.stringify(patch.identity);
    if (patch.unread === 0) fields.unread = '0';
    if (patch.waitingSince) fields.waitingSince = patch.waitingSince;
    if (patch.contact) fields.contact = JSON.stringify(patch.contact);
    if (patch.context) fields.context = JSON.stringify(patch.context);
    if (patch.tags) fields.tags = JSON.stringify(patch.tags);
    if (patch.feedback) fields.feedback = JSON.stringify(patch.feedback);
    const tx = this.client.multi();
    if (Object.keys(fields).length) tx.hSet(key, fields);
    if (patch.ownerAgentId === null) tx.hDel(key, 'ownerAgentId');
    if (patch.waitingSince === null) tx.hDel(key, 'waitingSince');
    if (patch.contact === null) tx.hDel(key, 'contact');
    tx.hGetAll(key);
    const results = await tx.exec();
    return toConversation(results[results.length - 1] as unknown as Record<string, string>);
  }

  async appendMessage(input: NewMessage): Promise<AppendResult> {
    const created = new Date();
    const message = messageOf(input, created.toISOString());
    const sample: AnswerSample | null =
      input.role === 'bot' && input.latency
        ? {
            messageId: message.id,
            conversationId: input.conversationId,
            createdAt: message.createdAt,
            answered: input.answered !== false,
            latency: input.latency,
          }
        : null;
    const reply = (await this.client.eval(APPEND, {
      keys: [
        this.k('conv', input.conversationId),
        this.k('conv', input.conversationId, 'messages'),
        this.k('activity'),
        this.k('answers'),
        this.k('gaps'),
        this.k('retention'),
      ],
      arguments: [
        this.prefix,
        input.clientMessageId ?? '',
        message.id,
        JSON.stringify(message),
        String(created.getTime()),
        message.createdAt,
        previewOf(message),
        input.role === 'visitor' ? '1' : '0',
        sample ? JSON.stringify(sample) : '',
        String(created.getTime() - SAMPLE_RETENTION_MS),
        input.role === 'bot' && input.answered === false ? '1' : '0',
      ],
    })) as [string, string?, string[]?];
    if (reply[0] === 'missing') throw new AppError('conversation_not_found');
    const conversation = toConversation(pairs(reply[2]!));
    if (reply[0] === 'duplicate') return { message: JSON.parse(reply[1]!) as Message, created: false, conversation };
    return { message, created: true, conversation };
  }

  async listMessages(conversationId: string, opts: { limit?: number } = {}): Promise<Message[]> {
    const ids = await this.client.lRange(this.k('conv', conversationId, 'messages'), opts.limit ? -opts.limit : 0, -1);
    if (ids.length === 0) return [];
    const raw = await this.client.mGet(ids.map((id) => this.k('msg', id)));
    return raw.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Message);
  }

  async getMessage(id: string): Promise<Message | null> {
    const raw = await this.client.get(this.k('msg', id));
    return raw ? (JSON.parse(raw) as Message) : null;
  }

  async setRating(messageId: string, rating: Rating): Promise<Message | null> {
    const key = this.k('msg', messageId);
    // WATCH makes the read-modify-write safe against a concurrent rating from another node.
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await this.client.executeIsolated(async (iso) => {
        await iso.watch(key);
        const raw = await iso.get(key);
        if (!raw) return null;
        const message = { ...(JSON.parse(raw) as Message), rating };
        const tx = iso.multi().set(key, JSON.stringify(message));
        // Thumbs down makes an answer a knowledge gap; thumbs up undoes that unless it declined.
        if (rating === 'down') tx.zAdd(this.k('gaps'), { score: Date.parse(message.createdAt), value: message.id });
        else if (message.answered !== false) tx.zRem(this.k('gaps'), message.id);
        const done = await tx.exec().catch(() => undefined);
        return done ? message : 'retry';
      });
      if (result !== 'retry') return result;
    }
    throw new AppError('internal', undefined, { retryable: true });
  }

  async updateConversationIfOwner(
    id: string,
    owners: (string | null)[],
    patch: ConversationPatch,
  ): Promise<{ conversation: Conversation; applied: boolean }> {
    const reply = (await this.client.eval(UPDATE_IF_OWNER, {
      keys: [this.k('conv', id)],
      // Tags as JSON from here: cjson would write an empty array as an object.
      arguments: [JSON.stringify(owners), JSON.stringify(patch), JSON.stringify(patch.tags ?? [])],
    })) as [string, string[]?];
    if (reply[0] === 'missing') throw new AppError('conversation_not_found');
    return { conversation: toConversation(pairs(reply[1]!)), applied: reply[0] === 'applied' };
  }

  async listConversations(opts: ListConversationsOptions): Promise<Conversation[]> {
    const out: Conversation[] = [];
    const max = opts.to ? Date.parse(opts.to) : '+inf';
    const min = opts.from ? Date.parse(opts.from) : '-inf';
    // Pages through the activity index (newest first, within the dates) so filters still yield `limit` results.
    for (let offset = 0; out.length < opts.limit && offset < MAX_SCAN; offset += 200) {
      const ids = await this.client.zRange(this.k('activity'), max, min, {
        BY: 'SCORE',
        REV: true,
        LIMIT: { offset, count: 200 },
      });
      if (ids.length === 0) break;
      const tx = this.client.multi();
      for (const id of ids) tx.hGetAll(this.k('conv', id));
      for (const h of (await tx.exec()) as unknown as Record<string, string>[]) {
        if (!h.id) continue;
        const c = toConversation(h);
        if (!matchesFilters(c, opts)) continue;
        if (
          opts.q &&
          !matchesQuery(opts.q, [
            c.identity?.name,
            c.identity?.email,
            ...(await this.listMessages(c.id)).map((m) => m.text),
          ])
        )
          continue;
        out.push(c);
        if (out.length === opts.limit) break;
      }
    }
    return out;
  }

  async answerSamples(since: string): Promise<AnswerSample[]> {
    const raw = await this.client.zRangeByScore(this.k('answers'), Date.parse(since), '+inf');
    return raw.map((r) => {
      // Samples written before they carried ids name the message `id`.
      const s = JSON.parse(r) as AnswerSample & { id?: string };
      return {
        messageId: s.messageId ?? s.id,
        conversationId: s.conversationId,
        createdAt: s.createdAt,
        answered: s.answered,
        latency: s.latency,
      };
    });
  }

  async listGaps(since: string, limit: number): Promise<GapEntry[]> {
    const ids = await this.client.zRange(this.k('gaps'), '+inf', Date.parse(since), {
      BY: 'SCORE',
      REV: true,
      LIMIT: { offset: 0, count: limit },
    });
    const answers = (await Promise.all(ids.map((id) => this.getMessage(id)))).filter((m): m is Message => m !== null);
    const questions = await Promise.all(answers.map((a) => (a.replyTo ? this.getMessage(a.replyTo) : null)));
    return answers.map((answer, i) => {
      const entry: GapEntry = { answer, reason: answer.answered === false ? 'unanswered' : 'rated_down' };
      if (questions[i]) entry.question = questions[i]!;
      return entry;
    });
  }

  async deleteConversationsBefore(cutoff: string): Promise<number> {
    return this.deleteConversations(
      await this.client.zRangeByScore(this.k('retention'), '-inf', `(${Date.parse(cutoff)}`),
    );
  }

  async deleteVisitorData(visitorId: string): Promise<number> {
    return this.deleteConversations(await this.client.sMembers(this.k('visitor', visitorId, 'conversations')));
  }

  private async deleteConversations(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    for (const id of ids)
      await this.client.eval(DELETE_CONVERSATION, {
        keys: [
          this.k('conv', id),
          this.k('conv', id, 'messages'),
          this.k('activity'),
          this.k('retention'),
          this.k('gaps'),
        ],
        arguments: [this.prefix, id],
      });
    // The answer samples are JSON members that name their conversation.
    const doomed = new Set(ids);
    const samples = await this.client.zRange(this.k('answers'), 0, -1);
    const stale = samples.filter((r) => doomed.has((JSON.parse(r) as AnswerSample).conversationId));
    if (stale.length > 0) await this.client.zRem(this.k('answers'), stale);
    return ids.length;
  }

  async claimAnswer(questionId: string, ttlMs: number): Promise<boolean> {
    const set = await this.client.set(this.k('claim', questionId), this.holder, { NX: true, PX: ttlMs });
    return set === 'OK';
  }

  async renewAnswer(questionId: string, ttlMs: number): Promise<boolean> {
    const renewed = await this.client.eval(RENEW_CLAIM, {
      keys: [this.k('claim', questionId)],
      arguments: [this.holder, String(ttlMs)],
    });
    return Number(renewed) === 1;
  }

  async releaseAnswer(questionId: string): Promise<void> {
    // Only this node's own claim: one that expired and was taken by another node stays theirs.
    await this.client.eval(RELEASE_CLAIM, { keys: [this.k('claim', questionId)], arguments: [this.holder] });
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.quit();
  }
}

/** HGETALL inside a script comes back as a flat [field, value, ...] list. */
function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) out[flat[i]] = flat[i + 1];
  return out;
}

function toConversation(h: Record<string, string>): Conversation {
  const c: Conversation = {
    id: h.id,
    visitorId: h.visitorId,
    mode: h.mode as Conversation['mode'],
    createdAt: h.createdAt,
    lastMessageAt: h.lastMessageAt,
    unread: Number(h.unread ?? 0),
    preview: h.preview ?? '',
    unanswered: Number(h.unanswered ?? 0),
  };
  return withStoredFields(c, h);
}
