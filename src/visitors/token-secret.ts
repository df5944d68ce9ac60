import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

const FILE = 'server-secret.key';

/**
 * The key that signs visitor tokens: SERVER_SECRET when set (every node of a cluster must share
 * it), else a random key kept in DATA_DIR, created on first start and readable by the owner only.
 */
export function loadServerSecret(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'utf8');
  const file = path.join(dataDir, FILE);
  try {
    const existing = readFileSync(file);
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  // `wx`: two nodes sharing DATA_DIR starting at once must not each write their own key.
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file);
    throw err;
  }
}
