import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake upstream does with the next request(s). */
export type Behaviour =
  /** `delayMs` before each delta; `firstDelayMs`, when given, before the first instead (time to first token). */
  | { kind: 'stream'; deltas: string[]; delayMs?: number; firstDelayMs?: number }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Sends headers (and `deltas`) then goes silent without closing. */
  | { kind: 'stall'; deltas?: string[] }
  /** Streams `deltas` then destroys the socket mid-response. */
  | { kind: 'drop'; deltas: string[] };

export interface RecordedRequest {
  body: {
    model: string;
    stream?: boolean;
    messages: { role: string; content: string }[];
    [k: string]: unknown;
  };
  headers: http.IncomingHttpHeaders;
}

/**
 * A local OpenAI-compatible server speaking the real chat-completions streaming wire format
 * (Server-Sent Events of `chat.completion.chunk` objects ending in `data: [DONE]`), so tests
 * drive the official SDK exactly as a real upstream would.
 */
export class FakeOpenAi {
  readonly requests: RecordedRequest[] = [];
  /** Streams the client closed before the end (an aborted request). */
  abortedByClient = 0;
  /** Streams open now, and the most ever open at once. */
  concurrent = 0;
  maxConcurrent = 0;
  private queue: Behaviour[] = [];
  private fallback: Behaviour = { kind: 'stream', deltas: ['Hello', ' there', ' [1]'] };
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly open = new Set<http.ServerResponse>();

  async start(): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** Behaviours for the next requests, in order; after them, `always`. */
  enqueue(...behaviours: Behaviour[]): void {
    this.queue.push(...behaviours);
  }

  always(behaviour: Behaviour): void {
    this.fallback = behaviour;
    this.queue = [];
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
      // Azure OpenAI puts its api-version in the query string.
      const route = req.url?.split('?')[0] ?? '';
      if (req.method === 'POST' && route.endsWith('/embeddings')) {
        void this.embeddings(JSON.parse(raw) as { model: string; input: string | string[] }, res);
        return;
      }
      if (req.method !== 'POST' || !route.endsWith('/chat/completions')) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: { message: 'not found' } }));
        return;
      }
      const body = JSON.parse(raw) as RecordedRequest['body'];
      this.requests.push({ body, headers: req.headers });
      void this.respond(this.queue.shift() ?? this.fallback, body, res);
    });
  }

  /**
   * A fake embeddings model: bag-of-words vectors hashed into 64 dimensions, except that the
   * words of `synonyms` map to the dimension of their target word, so they look alike to it
   * (and to nothing else): enough to see that retrieval uses the endpoint's vectors.
   */
  readonly embeddingInputs: string[][] = [];
  embeddingsBehaviour: 'ok' | 'error' | 'stall' = 'ok';
  synonyms: Record<string, string> = {};

  private async embeddings(body: { model: string; input: string | string[] }, res: http.ServerResponse): Promise<void> {
    const inputs = Array.isArray(body.input) ? body.input : [body.input];
    this.embeddingInputs.push(inputs);
    if (this.embeddingsBehaviour === 'stall') {
      this.open.add(res);
      res.on('close', () => this.open.delete(res));
      return;
    }
    if (this.embeddingsBehaviour === 'error') {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'embeddings down', type: 'server_error' } }));
      return;
    }
    const vector = (text: string) => {
      const v = new Array<number>(64).fill(0);
      for (const w of text.toLowerCase().match(/[a-z]+/g) ?? []) {
        const word = this.synonyms[w] ?? w;
        let h = 2166136261;
        for (const c of word) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
        v[h % 64] += 1;
      }
      return v;
    };
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        object: 'list',
        model: body.model,
        data: inputs.map((t, index) => ({ object: 'embedding', index, embedding: vector(t) })),
        usage: { prompt_tokens: 1, total_tokens: 1 },
      }),
    );
  }

  private async respond(b: Behaviour, body: RecordedRequest['body'], res: http.ServerResponse): Promise<void> {
    if (b.kind === 'status') {
      res.writeHead(b.status, { 'content-type': 'application/json', ...b.headers });
      res.end(JSON.stringify(b.body ?? { error: { message: `upstream ${b.status}`, type: 'server_error' } }));
      return;
    }
    this.open.add(res);
    this.concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    res.on('close', () => {
      this.open.delete(res);
      this.concurrent--;
      if (!res.writableEnded && b.kind === 'stream') this.abortedByClient++;
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const id = `chatcmpl-${Math.random().toString(36).slice(2)}`;
    const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    res.write(chunk({ role: 'assistant', content: '' }));
    const deltas = b.kind === 'stall' ? (b.deltas ?? []) : b.deltas;
    for (const [i, d] of deltas.entries()) {
      const wait = b.kind === 'stream' ? (i === 0 && b.firstDelayMs !== undefined ? b.firstDelayMs : b.delayMs) : 0;
      if (wait) await new Promise((r) => setTimeout(r, wait));
      if (res.destroyed) return;
      res.write(chunk({ content: d }));
    }
    if (b.kind === 'stall') return; // never ends: the client must give up on its own
    if (b.kind === 'drop') {
      res.socket?.destroy();
      return;
    }
    res.write(chunk({}, 'stop'));
    // As OpenAI does with stream_options.include_usage: a last chunk with no choices and the usage.
    const options = body.stream_options as { include_usage?: boolean } | undefined;
    if (options?.include_usage) {
      const completion = deltas.join('').length;
      res.write(
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model, choices: [], usage: { prompt_tokens: 1000, completion_tokens: completion, total_tokens: 1000 + completion } })}\n\n`,
      );
    }
    res.end('data: [DONE]\n\n');
  }
}
