import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Which peers may say, in X-Forwarded-For, who the client is. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY: unset trusts no proxy (the peer is the client); a number trusts that many hops
 * in front of the server; otherwise a comma-separated list of addresses, CIDR ranges or the
 * names `loopback`, `linklocal` and `uniquelocal`. One function serves Express and the sockets,
 * so a visitor is the same client address on both.
 */
export function trustProxy(value: string | undefined): TrustProxy {
  if (!value) return () => false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** The client's address of a socket handshake (or any request), by the same rule as Express's `req.ip`. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  return proxyaddr(req as Parameters<typeof proxyaddr>[0], trust);
}
