import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const RESULTS_DIR = path.resolve(__dirname, '..', 'results');

/** Writes one benchmark's figures to bench/results/NAME.json, which `npm run bench` gathers into latest.json. */
export function saveResult(name: string, data: unknown): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    path.join(RESULTS_DIR, `${name}.json`),
    JSON.stringify({ at: new Date().toISOString(), ...(data as object) }, null, 2),
  );
}
