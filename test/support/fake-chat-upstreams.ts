import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';

/** The wire formats of the LangChain providers' upstreams that the fake speaks. */
export type WireFormat = 'ollama' | 'anthropic' | 'google' | 'bedrock';

export type Behaviour =
  | { kind: 'stream'; deltas: string[]; delayMs?: number }
  | { kind: 'rate_limited' }
  | { kind: 'error' }
  /** Sends the first delta, then nothing, holding the connection open. */
  | { kind: 'stall'; first: string };

/**
 * A local stand-in for a model upstream in one provider's own wire format, spoken to the real
 * SDK of that provider: Ollama's NDJSON `/api/chat`, Anthropic's SSE `/v1/messages`, Google's
 * SSE `:streamGenerateContent`, Bedrock's binary event stream `/model/{id}/converse-stream`. It
 * records each request's body and answers as told.
 */
export class FakeChatUpstream {
  readonly requests: { url: string; body: any; headers: http.IncomingHttpHeaders }[] = [];
  behaviour: Behaviour = { kind: 'stream', deltas: ['You can return', ' it within', ' 30 days [1].'], delayMs: 5 };
  private readonly server: http.Server | http2.Http2Server;
  private readonly open = new Set<http.ServerResponse>();
  private readonly sessions = new Set<http2.Http2Session>();

  constructor(readonly format: WireFormat) {
    // Bedrock's SDK streams over HTTP/2 (cleartext here, as with a local endpoint).
    if (format === 'bedrock') {
      const server = http2.createServer((req, res) => this.handle(req as never, res as never));
      server.on('session', (s) => {
        this.sessions.add(s);
        s.on('close', () => this.sessions.delete(s));
      });
      this.server = server;
    } else this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    for (const s of this.sessions) s.destroy();
    if (this.server instanceof http.Server) this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const route = (req.url ?? '').split('?')[0];
      const ok =
        req.method === 'POST' &&
        (this.format === 'ollama'
          ? route === '/api/chat'
          : this.format === 'anthropic'
            ? route === '/v1/messages'
            : this.format === 'bedrock'
              ? /^\/model\/[^/]+\/converse-stream$/.test(route)
              : /:streamGenerateContent$/.test(route));
      if (!ok) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      this.requests.push({ url: req.url ?? '', body: JSON.parse(raw), headers: req.headers });
      void this.respond(res);
    });
  }

  private async respond(res: http.ServerResponse): Promise<void> {
    const b = this.behaviour;
    if (b.kind === 'rate_limited' || b.kind === 'error') {
      const status = b.kind === 'rate_limited' ? 429 : 500;
      if (this.format === 'bedrock') {
        const type = status === 429 ? 'ThrottlingException' : 'InternalServerException';
        res
          .writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
          .end(JSON.stringify({ message: 'busy' }));
        return;
      }
      const body =
        this.format === 'anthropic'
          ? { type: 'error', error: { type: status === 429 ? 'rate_limit_error' : 'api_error', message: 'busy' } }
          : this.format === 'google'
            ? { error: { code: status, message: 'busy', status: status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL' } }
            : { error: 'busy' };
      res.writeHead(status, { 'content-type': 'application/json', 'retry-after': '0' }).end(JSON.stringify(body));
      return;
    }
    const deltas = b.kind === 'stall' ? [b.first] : b.deltas;
    if (this.format === 'bedrock') return this.eventStream(res, deltas, b);
    const sse = this.format !== 'ollama';
    res.writeHead(200, { 'content-type': sse ? 'text/event-stream' : 'application/x-ndjson' });
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const send = (event: string | undefined, data: unknown) =>
      res.write(
        sse ? `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n` : `${JSON.stringify(data)}\n`,
      );
    if (this.format === 'anthropic')
      send('message_start', {
        type: 'message_start',
        message: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'fake',
          content: [],
          stop_reason: null,
          usage: { input_tokens: 120, output_tokens: 1 },
        },
      });
    if (this.format === 'anthropic')
      send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    for (const [i, delta] of deltas.entries()) {
      if (i > 0 && b.kind === 'stream' && b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
      if (res.destroyed) return;
      if (this.format === 'anthropic')
        send('content_block_delta', {
          type: 'content_block_delta',
          index: 0,
          delta: { type: 'text_delta', text: delta },
        });
      else if (this.format === 'google')
        send(undefined, { candidates: [{ content: { role: 'model', parts: [{ text: delta }] }, index: 0 }] });
      else
        send(undefined, {
          model: 'fake',
          created_at: new Date().toISOString(),
          message: { role: 'assistant', content: delta },
          done: false,
        });
    }
    if (b.kind === 'stall') return;
    if (this.format === 'anthropic') {
      send('content_block_stop', { type: 'content_block_stop', index: 0 });
      send('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn' },
        usage: { output_tokens: 14 },
      });
      send('message_stop', { type: 'message_stop' });
    } else if (this.format === 'google') {
      send(undefined, {
        candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: 120, candidatesTokenCount: 14, totalTokenCount: 134 },
      });
    } else {
      send(undefined, {
        model: 'fake',
        created_at: new Date().toISOString(),
        message: { role: 'assistant', content: '' },
        done: true,
        done_reason: 'stop',
        prompt_eval_count: 120,
        eval_count: 14,
      });
    }
    res.end();
  }

  /** Bedrock's ConverseStream: AWS event-stream frames, one JSON event each. */
  private async eventStream(res: http.ServerResponse, deltas: string[], b: Behaviour): Promise<void> {
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    this.open.add(res);
    res.on('close', () => this.open.delete(res));
    const send = (type: string, payload: unknown) => res.write(eventFrame(type, payload));
    send('messageStart', { role: 'assistant' });
    for (const [i, text] of deltas.entries()) {
      if (i > 0 && b.kind === 'stream' && b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
      if (res.destroyed) return;
      if (text) send('contentBlockDelta', { contentBlockIndex: 0, delta: { text } });
    }
    if (b.kind === 'stall') return;
    send('contentBlockStop', { contentBlockIndex: 0 });
    send('messageStop', { stopReason: 'end_turn' });
    send('metadata', { usage: { inputTokens: 120, outputTokens: 14, totalTokens: 134 }, metrics: { latencyMs: 10 } });
    res.end();
  }
}

/**
 * One AWS event-stream message: total and headers lengths, the prelude's CRC32, string headers
 * (:event-type, :content-type, :message-type), the JSON payload, the whole message's CRC32.
 */
function eventFrame(type: string, payload: unknown): Buffer {
  const header = (name: string, value: string) => {
    const n = Buffer.from(name);
    const v = Buffer.from(value);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(v.length);
    return Buffer.concat([Buffer.from([n.length]), n, Buffer.from([7]), len, v]);
  };
  const headers = Buffer.concat([
    header(':event-type', type),
    header(':content-type', 'application/json'),
    header(':message-type', 'event'),
  ]);
  const body = Buffer.from(JSON.stringify(payload));
  const prelude = Buffer.alloc(8);
  prelude.writeUInt32BE(12 + headers.length + body.length + 4, 0);
  prelude.writeUInt32BE(headers.length, 4);
  const preludeCrc = Buffer.alloc(4);
  preludeCrc.writeUInt32BE(crc32(prelude));
  const message = Buffer.concat([prelude, preludeCrc, headers, body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(message));
  return Buffer.concat([message, crc]);
}
