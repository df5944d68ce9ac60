import { runBalancedFaults } from '../support/balanced-faults';
import { redisAvailable } from '../support/redis-server';

const run = redisAvailable() ? describe : describe.skip;

/**
 * The fault suite's load case: visitors on the widget's own client, through a balancer, onto two
 * nodes; each node in turn is killed mid-answer and comes back. `npm run bench` runs it longer (bench/faults.ts).
 */
run('two nodes behind a balancer, each killed mid-answer in turn', () => {
  it('loses, doubles and leaves unanswered nothing', async () => {
    const counts = await runBalancedFaults({ visitors: 4, questions: 5, kills: 2 });
    expect(counts).toMatchObject({ sent: 20, lost: 0, doubled: 0, unanswered: 0 });
  }, 150_000);
});
