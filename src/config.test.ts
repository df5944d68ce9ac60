import path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('runs with embedded defaults and no environment at all', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      port: 3000,
      knowledgeDir: path.resolve('/srv/app', 'knowledge'),
      dataDir: path.resolve('/srv/app', 'data'),
      redisUrl: undefined,
      llm: undefined,
      limits: { maxMessageChars: 4000, maxBodyBytes: 65536 },
      rateLimit: { disabled: false, messages: 20, ipMessages: 300, windowMs: 60000 },
      allowedOrigins: '*',
    });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.limits)).toBe(true);
  });

  it('enables the LLM with a key, or with a base URL alone (local servers need no key)', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'sk-1' }).llm).toMatchObject({
      apiKey: 'sk-1',
      model: 'gpt-4o-mini',
      baseURL: undefined,
      maxRetries: 1,
    });
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', OPENAI_MODEL: 'llama3' }).llm).toMatchObject({
      apiKey: 'not-needed',
      baseURL: 'http://127.0.0.1:11434/v1',
      model: 'llama3',
    });
    expect(loadConfig({ OPENAI_API_KEY: '  ' }).llm).toBeUndefined();
  });

  it('never lets the stall limit exceed the total limit', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'k', LLM_TIMEOUT_MS: '1000', LLM_STALL_MS: '5000' }).llm!.stallMs).toBe(1000);
  });

  it('joins streamed deltas only with Redis unless told otherwise', () => {
    expect(loadConfig({}).streamBatchMs).toBe(0);
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', SERVER_SECRET: 'x'.repeat(32) }).streamBatchMs).toBe(40);
    expect(
      loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', SERVER_SECRET: 'x'.repeat(32), STREAM_BATCH_MS: '0' })
        .streamBatchMs,
    ).toBe(0);
    expect(loadConfig({ STREAM_BATCH_MS: '25' }).streamBatchMs).toBe(25);
  });

  it('reads switches and lists', () => {
    const c = loadConfig({ RATE_LIMIT_DISABLED: '1', ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443/' });
    expect(c.rateLimit.disabled).toBe(true);
    expect(c.allowedOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(loadConfig({ CORS_ORIGINS: 'https://old.example' }).allowedOrigins).toEqual(['https://old.example']);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ RETRIEVAL_MIN_SCORE: '2' }, 'RETRIEVAL_MIN_SCORE'],
    [{ RATE_LIMIT_DISABLED: 'maybe' }, 'RATE_LIMIT_DISABLED'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ MAX_MESSAGE_CHARS: '0' }, 'MAX_MESSAGE_CHARS'],
    [{ STREAM_BATCH_MS: '-5' }, 'STREAM_BATCH_MS'],
    [{ STREAM_BATCH_MS: 'soon' }, 'STREAM_BATCH_MS'],
    [{ REDIS_URL: 'redis://127.0.0.1:6379' }, 'SERVER_SECRET'],
    [{ SERVER_SECRET: 'short' }, 'SERVER_SECRET'],
    [{ IDENTITY_REQUIRED: '1' }, 'IDENTITY_REQUIRED'],
    [{ ALLOWED_ORIGINS: 'shop.example.com' }, 'ALLOWED_ORIGINS'],
    [{ ALLOWED_ORIGINS: 'https://shop.example.com/help' }, 'ALLOWED_ORIGINS'],
    [{ ALLOWED_ORIGINS: 'null' }, 'ALLOWED_ORIGINS'],
    [{ TRUST_PROXY: 'not-an-address' }, 'TRUST_PROXY'],
  ])('refuses %j with an error naming %s', (env, name) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
  });
});
