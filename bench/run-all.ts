/**
 * `npm run bench`: every benchmark in turn, each printing its own figures. Benchmarks measure;
 * they never pass or fail.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BENCHES = ['widget-bundle.ts', 'startup.ts', 'hybrid-index.ts', 'retrieval-scale.ts', 'retrieval-libraries.ts', 'latency.ts', 'idle-memory.ts'];

for (const file of BENCHES) {
  console.log(`\n## ${file}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, file), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
