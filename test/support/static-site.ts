import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A customer's website on its own origin: serves fixed pages and records every request, so a
 * test can also see whether a page leaked a request to it (a tracking pixel).
 */
export class StaticSite {
  readonly requests: string[] = [];
  private readonly server: http.Server;

  constructor(private readonly pages: Record<string, string>) {
    this.server = http.createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const page = this.pages[(req.url ?? '/').split('?')[0]];
      if (page === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    });
  }

  /** `host` lets the site use `localhost` while the chat server is on `127.0.0.1`: two origins. */
  async start(host = 'localhost'): Promise<string> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
