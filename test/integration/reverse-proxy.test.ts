import https from 'node:https';
import { io } from 'socket.io-client';
import { type ReverseProxy, proxyAvailable, startCaddy, startNginx } from '../support/reverse-proxy';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/visitor-client';

/** GET through the proxy, trusting its test certificate. */
function get(url: string, ca: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

/** POST raw bytes through the proxy, trusting its test certificate. */
function post(
  url: string,
  ca: string,
  headers: Record<string, string>,
  body: Buffer,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: 'POST', ca, headers: { ...headers, 'content-length': body.length } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A visitor through the proxy on one transport: connects, asks, gets the streamed answer. */
async function visitorThrough(proxy: ReverseProxy, transport: 'websocket' | 'polling') {
  const socket = io(`${proxy.url}/visitor`, {
    transports: [transport],
    ca: proxy.ca,
    reconnection: false,
    forceNew: true,
  } as Parameters<typeof io>[1]);
  try {
    const session = await waitFor<{ conversationId: string }>(socket, 'session', () => true, 10_000);
    const deltas: string[] = [];
    socket.on('answer:delta', (p: { delta: string }) => deltas.push(p.delta));
    const end = waitFor<{ message: { text: string; sources?: unknown[] } }>(socket, 'answer:end', () => true, 10_000);
    const ack = await socket
      .timeout(10_000)
      .emitWithAck('message:send', { clientMessageId: `via-${transport}`, text: 'How do I reset my password?' });
    expect(ack.ok).toBe(true);
    const { message } = await end;
    expect(deltas.join('')).toBe(message.text);
    expect(message.sources?.length).toBeGreaterThan(0);
    expect(socket.io.engine.transport.name).toBe(transport);
    return session;
  } finally {
    socket.close();
  }
}

for (const [name, start] of [
  ['nginx', startNginx],
  ['caddy', startCaddy],
] as const) {
  (proxyAvailable(name) ? describe : describe.skip)(
    `deploy/${name === 'nginx' ? 'nginx.conf' : 'Caddyfile'} in front of a node`,
    () => {
      let t: TestApp;
      let proxy: ReverseProxy;
      beforeAll(async () => {
        t = await startTestApp({ env: { TRUST_PROXY: 'loopback', RATE_LIMIT_DISABLED: '1' } });
        proxy = await start(Number(new URL(t.url).port));
      }, 30_000);
      afterAll(async () => {
        await proxy?.stop();
        await t?.close();
      });

      it('serves the API over TLS and streams answers over websockets and long-polling', async () => {
        const ready = await get(`${proxy.url}/readyz`, proxy.ca);
        expect(ready.status).toBe(200);
        expect(JSON.parse(ready.body).status).toBe('ready');
        await visitorThrough(proxy, 'websocket');
        await visitorThrough(proxy, 'polling');
      });

      it('passes a visitor’s file of several megabytes to the server', async () => {
        const socket = io(`${proxy.url}/visitor`, {
          transports: ['websocket'],
          ca: proxy.ca,
          forceNew: true,
        } as Parameters<typeof io>[1]);
        try {
          const session = await waitFor<{ conversationId: string; token: string }>(
            socket,
            'session',
            () => true,
            10_000,
          );
          const log = Buffer.from('order 42: lid cracked\n'.repeat(300_000)); // 6.6 MB of text
          const res = await post(
            `${proxy.url}/api/v1/conversations/${session.conversationId}/files`,
            proxy.ca,
            { authorization: `Bearer ${session.token}`, 'x-file-name': 'log.txt', 'x-client-message-id': 'big-1' },
            log,
          );
          expect(res.status).toBe(201);
          expect(JSON.parse(res.body).message.attachments[0]).toMatchObject({ name: 'log.txt', size: log.length });
        } finally {
          socket.close();
        }
      });

      if (name === 'nginx')
        it('redirects plain HTTP to HTTPS and passes a request id', async () => {
          const res = await fetch(`${proxy.plainUrl}/readyz`, { redirect: 'manual' });
          expect(res.status).toBe(301);
          expect(res.headers.get('location')).toBe(`${proxy.url}/readyz`);
          const ready = await get(`${proxy.url}/readyz`, proxy.ca);
          expect(ready.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
        });
    },
  );
}
