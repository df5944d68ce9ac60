/**
 * The fault suite for longer: visitors on the widget's own client through a balancer onto two
 * nodes sharing Redis, nodes killed mid-answer and restarted, every message's fate counted
 * (lost, doubled, unanswered) once the system settles. `BENCH_FAULT_VISITORS`,
 * `BENCH_FAULT_QUESTIONS` and `BENCH_FAULT_KILLS` size it. Loopback only.
 */
import { runBalancedFaults } from '../test/support/balanced-faults';
import { redisAvailable } from '../test/support/redis-server';
import { saveResult } from './lib/results';

async function main(): Promise<void> {
  if (!redisAvailable()) {
    console.log('redis-server is not installed: the fault run needs it');
    return;
  }
  const visitors = Number(process.env.BENCH_FAULT_VISITORS ?? 12);
  const questions = Number(process.env.BENCH_FAULT_QUESTIONS ?? 10);
  const kills = Number(process.env.BENCH_FAULT_KILLS ?? 4);
  const counts = await runBalancedFaults({ visitors, questions, kills, settleTimeoutMs: 90_000 });
  console.log('| visitors | messages sent | node kills | lost | doubled | unanswered | settled in |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  console.log(
    `| ${visitors} | ${counts.sent} | ${kills} | ${counts.lost} | ${counts.doubled} | ${counts.unanswered} | ${(counts.settleMs / 1000).toFixed(1)} s |`,
  );
  saveResult('faults', { visitors, questions, kills, ...counts });
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
