import type { Response } from 'express';

/** A Server-Sent Events response; writes after the client left are dropped. */
export function openEventStream(res: Response): { send(event: string, data: unknown): void; close(): void } {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  // Proxies such as nginx would otherwise buffer the stream into one late chunk.
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  const alive = () => !res.writableEnded && !res.destroyed;
  return {
    send(event, data) {
      if (alive()) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    close() {
      if (alive()) res.end();
    },
  };
}
