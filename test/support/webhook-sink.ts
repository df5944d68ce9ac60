import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** A local HTTP server that records the webhook posts it gets, answering each with the next status queued (200 after). */
export class WebhookSink {
  readonly hooks: ReceivedHook[] = [];
  readonly statuses: number[] = [];
  attempts = 0;
  private server?: http.Server;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (raw += d));
      req.on('end', () => {
        this.attempts++;
        const status = this.statuses.shift() ?? 200;
        if (status < 300) this.hooks.push({ headers: req.headers, raw, body: JSON.parse(raw) });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/answerdesk`;
  }

  async waitFor(match: (h: ReceivedHook) => boolean, ms = 8000): Promise<ReceivedHook> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.hooks.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching webhook within ${ms} ms (got ${this.hooks.length})`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
