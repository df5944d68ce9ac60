import Database from 'better-sqlite3';
import path from 'node:path';
import { io } from 'socket.io-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { connectVisitor } from '../support/visitor-client';

const SHOP = 'https://shop.example.com';

/** Opens a visitor socket that sends `origin` (Node's client sends none unless told). */
function handshake(url: string, transport: 'websocket' | 'polling', origin?: string): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = io(`${url}/visitor`, {
      transports: [transport],
      reconnection: false,
      forceNew: true,
      extraHeaders: origin ? { origin } : {},
    });
    const done = (r: string) => {
      socket.close();
      resolve(r);
    };
    socket.once('session', () => done('connected'));
    socket.once('connect_error', (err: Error & { data?: { code?: string } }) => done(err.data?.code ?? 'refused'));
  });
}

const chat = (url: string, body: object, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('allowed sites (ALLOWED_ORIGINS)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ALLOWED_ORIGINS: SHOP } });
  });
  afterAll(() => t.close());

  it.each(['websocket', 'polling'] as const)('takes a %s handshake only from the exact origin', async (transport) => {
    expect(await handshake(t.url, transport, SHOP)).toBe('connected');
    for (const origin of [
      'https://evil.com',
      'https://shop.example.com.evil.com',
      'https://example.com',
      'http://shop.example.com',
      'null',
      undefined,
    ])
      expect(await handshake(t.url, transport, origin)).not.toBe('connected');
    // The server's own pages (the console) are same-origin.
    expect(await handshake(t.url, transport, t.url)).toBe('connected');
  });

  it('lets only the allowed site frame the widget’s connection', async () => {
    const res = await fetch(`${t.url}/widget/frame`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${SHOP};`);
    expect(res.headers.get('x-frame-options')).toBeNull();
    // Every other page refuses to be framed at all.
    expect((await fetch(`${t.url}/console`)).headers.get('x-frame-options')).toBe('DENY');
  });

  it('answers the visitor API only for the allowed site, and says so in CORS', async () => {
    const ok = await chat(t.url, { text: 'Hello' }, { origin: SHOP });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    for (const origin of ['https://shop.example.com.evil.com', 'null', undefined]) {
      const res = await chat(t.url, { text: 'Hello' }, origin ? { origin } : {});
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    const search = await fetch(`${t.url}/api/v1/knowledge/search?q=returns`, {
      headers: { origin: 'https://evil.com' },
    });
    expect(search.status).toBe(403);
  });
});

describe('limits on handshakes, conversations and client addresses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_HANDSHAKES: '5',
        RATE_LIMIT_NEW_CONVERSATIONS: '3',
        RATE_LIMIT_IP_MESSAGES: '6',
        RATE_LIMIT_WINDOW_MS: '600000',
        TRUST_PROXY: 'loopback',
      },
    });
  });
  afterAll(() => t.close());
  // Every row, including conversations nobody wrote in (the console's list leaves those out).
  const conversations = async () => {
    const db = new Database(path.join(t.dataDir, 'answerdesk.db'), { readonly: true });
    try {
      return (db.prepare('SELECT COUNT(*) AS n FROM conversations').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('refuses handshakes past the limit per address, even with a valid token', async () => {
    const first = await connectVisitor(t.url);
    first.socket.close();
    const results: string[] = [];
    for (let i = 0; i < 11; i++) {
      results.push(
        await connectVisitor(t.url, { token: first.session.token }).then(
          (v) => {
            v.socket.close();
            return 'connected';
          },
          (err) => err.data?.code,
        ),
      );
    }
    expect(results.filter((r) => r === 'connected')).toHaveLength(4);
    expect(results.filter((r) => r === 'rate_limited')).toHaveLength(7);
  });

  it('creates no conversation for an HTTP message it refuses, and keys limits on the address the trusted proxy gives', async () => {
    const before = await conversations();
    const from = { 'x-forwarded-for': '203.0.113.7' };
    const first = (await (await chat(t.url, { text: 'Hello' }, from)).json()) as { token: string };
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await chat(t.url, { text: 'Hello', token: first.token }, from)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
    expect((await conversations()) - before).toBe(1);
    // Another client behind the same proxy has buckets of its own.
    expect((await chat(t.url, { text: 'Hello' }, { 'x-forwarded-for': '198.51.100.4' })).status).toBe(200);
  });

  it('limits the conversations one address starts', async () => {
    const before = await conversations();
    const from = { 'x-forwarded-for': '192.0.2.55' };
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await chat(t.url, { text: `Hi ${i}` }, from)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await conversations()) - before).toBe(3);
  });
});

describe('an untrusted X-Forwarded-For', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_IP_MESSAGES: '3', RATE_LIMIT_WINDOW_MS: '600000' } });
  });
  afterAll(() => t.close());

  it('does not let a client escape its address’s limit by naming another', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await chat(t.url, { text: 'Hello' }, { 'x-forwarded-for': `10.0.0.${i}` })).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
  });
});

describe('headers and /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: 'metrics-secret-0123456789', HSTS_MAX_AGE: '31536000' } });
  });
  afterAll(() => t.close());

  it('keeps /metrics behind its token', async () => {
    expect((await fetch(`${t.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(`${t.url}/metrics`, { headers: { authorization: 'Bearer metrics-secret-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('answerdesk_');
  });

  it('sends a CSP, no framing, HSTS when configured, and no-store on the API', async () => {
    const res = await chat(t.url, { text: 'Hello' });
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const consolePage = await fetch(`${t.url}/console`);
    const csp = consolePage.headers.get('content-security-policy')!;
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/wss?:/);
    expect(csp).toContain("frame-ancestors 'none'");
  });
});
