import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';

const YEAR_S = 365 * 86_400;

interface Asset {
  mtimeMs: number;
  hash: string;
}

/**
 * The built scripts (`npm run build`), addressed by a hash of their content so that browsers
 * may keep them for a year: `widget.js` is a short URL that points at `widget.<hash>.js`. Each
 * is sent brotli- or gzip-compressed, as the browser accepts, from the files the build wrote.
 */
export class BuiltAssets {
  private readonly known = new Map<string, Asset>();

  constructor(private readonly dir: string) {}

  /** The content hash of a built file, or undefined when it is not built. */
  hash(name: string): string | undefined {
    const file = path.join(this.dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    const seen = this.known.get(name);
    if (seen && seen.mtimeMs === stat.mtimeMs) return seen.hash;
    const hash = createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
    this.known.set(name, { mtimeMs: stat.mtimeMs, hash });
    return hash;
  }

  /** `widget.js` → `widget.<hash>.js`. */
  hashedName(name: string): string | undefined {
    const hash = this.hash(name);
    if (!hash) return undefined;
    const ext = path.extname(name);
    return `${name.slice(0, -ext.length)}.${hash}${ext}`;
  }

  /**
   * Sends a built file. With the current `hash` it is immutable for a year; with another (a
   * page cached an older name) it is sent, but not to be kept.
   */
  send(req: Request, res: Response, name: string, type: string, hash?: string): boolean {
    const file = path.join(this.dir, name);
    if (!fs.existsSync(file)) return false;
    res.setHeader('Content-Type', type);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader(
      'Cache-Control',
      hash && hash === this.hash(name) ? `public, max-age=${YEAR_S}, immutable` : 'no-cache',
    );
    const accepts = String(req.headers['accept-encoding'] ?? '');
    for (const [encoding, ext] of [
      ['br', '.br'],
      ['gzip', '.gz'],
    ] as const) {
      if (new RegExp(`\\b${encoding}\\b`).test(accepts) && fs.existsSync(file + ext)) {
        res.setHeader('Content-Encoding', encoding);
        res.sendFile(file + ext);
        return true;
      }
    }
    res.sendFile(file);
    return true;
  }
}
