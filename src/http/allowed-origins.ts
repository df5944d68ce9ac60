import type { IncomingMessage } from 'node:http';

/**
 * The sites allowed to embed the widget (ALLOWED_ORIGINS): exact origins, compared whole,
 * never by substring or suffix, so `https://shop.example.com.evil.com` and `null` are not
 * `https://shop.example.com`. The server's own pages (the console, the demo page) are always
 * allowed: their Origin names the host the request was sent to. Unset, any origin is allowed.
 */
export class AllowedOrigins {
  private readonly origins?: ReadonlySet<string>;

  constructor(origins: readonly string[] | '*') {
    if (origins !== '*') this.origins = new Set(origins);
  }

  get open(): boolean {
    return !this.origins;
  }

  /** For CORS headers: the list, or `*`. */
  get list(): readonly string[] | '*' {
    return this.origins ? [...this.origins] : '*';
  }

  allows(origin: string | undefined, host: string | undefined): boolean {
    if (!this.origins) return true;
    if (!origin) return false;
    if (this.origins.has(origin)) return true;
    return host !== undefined && sameHost(origin, host);
  }

  /** For Socket.IO's `allowRequest`: the handshake's Origin against the list, on both transports. */
  allowsRequest(req: IncomingMessage): boolean {
    return this.allows(req.headers.origin, req.headers.host);
  }
}

function sameHost(origin: string, host: string): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.host === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * Parses ALLOWED_ORIGINS: `*`, or origins separated by commas, each `scheme://host[:port]` with
 * nothing after it. Throws naming the first entry that is not an origin.
 */
export function parseOrigins(value: string): string[] | '*' {
  if (value.trim() === '*') return '*';
  const out: string[] = [];
  for (const raw of value.split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    let origin: string;
    try {
      origin = new URL(entry).origin;
    } catch {
      throw new Error(`"${entry}" is not an origin (scheme://host[:port])`);
    }
    if (origin === 'null' || origin !== entry.replace(/\/$/, '').toLowerCase())
      throw new Error(`"${entry}" is not an origin (scheme://host[:port], no path)`);
    out.push(origin);
  }
  if (out.length === 0) throw new Error('names no origin');
  return out;
}
