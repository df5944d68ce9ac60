import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The wire formats of the LangChain providers' upstreams that the fake speaks. */
export type WireFormat = 'ollama' | 'anthropic' | 'google';

export type Behaviour =
  | { kind: 'stream'; deltas: string[]; delayMs?: number }
  | { kind: 'rate_limited' }
  | { kind: 'error' }
  /** Sends the first delta, then nothing, holding the connection open. */
  | { kind: 'stall'; first: string };

/**
 * A local stand-in for a model upstream in one provider's own wire format, spoken to the real
 * SDK of that provider: Ollama's NDJSON `/api/chat`, Anthropic's SSE `/v1/messages`, Google's
 * SSE `:streamGenerateContent`. It records each request's body and answers as told.
 */
export class FakeChatUpstream {
  readonly requests: { url: string; body: any; headers: http.IncomingHttpHeaders }[] = [];
  behaviour: Behaviour = { kind: 'stream', deltas: ['You can return', ' it within', ' 30 days [1].'], delayMs: 5 };
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly open = new Set<http.ServerResponse>();

  constructor(readonly format: WireFormat) {}

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const res of this.open) res.destroy();
    this.server.closeAllConnections();
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
}
