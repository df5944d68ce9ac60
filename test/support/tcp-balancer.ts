import net from 'node:net';

/**
 * A small loopback TCP balancer: each new connection goes to the next backend in turn that
 * accepts it (a dead one is skipped), as a websocket-capable load balancer without stickiness
 * would do. A connection's bytes all go to the backend it started on.
 */
export class TcpBalancer {
  private next = 0;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((client) => {
    client.pause();
    client.on('error', () => undefined);
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    void this.route(client, 0);
  });

  constructor(private readonly backends: number[]) {}

  async start(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    return (this.server.address() as net.AddressInfo).port;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private async route(client: net.Socket, tried: number): Promise<void> {
    if (tried >= this.backends.length || client.destroyed) return void client.destroy();
    const port = this.backends[this.next++ % this.backends.length];
    const upstream = net.connect(port, '127.0.0.1');
    upstream.once('error', () => {
      upstream.destroy();
      void this.route(client, tried + 1);
    });
    upstream.once('connect', () => {
      upstream.removeAllListeners('error');
      upstream.on('error', () => undefined);
      this.sockets.add(upstream);
      upstream.on('close', () => {
        this.sockets.delete(upstream);
        client.destroy();
      });
      client.on('close', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
    });
  }
}
