/**
 * Answer claims for a store only one process uses (memory, SQLite): a map of expiries. Each
 * claim belongs to the store instance that took it, which is the only node there is.
 */
export class LocalClaims {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  claim(key: string, ttlMs: number): boolean {
    const now = this.now();
    const held = this.until.get(key);
    if (held !== undefined && held > now) return false;
    this.until.set(key, now + ttlMs);
    if (this.until.size > 10_000) for (const [k, t] of this.until) if (t <= now) this.until.delete(k);
    return true;
  }

  renew(key: string, ttlMs: number): boolean {
    const held = this.until.get(key);
    if (held === undefined || held <= this.now()) return false;
    this.until.set(key, this.now() + ttlMs);
    return true;
  }

  release(key: string): void {
    this.until.delete(key);
  }
}
