/** Why a generation was cut off. */
export class GenerationTimeout extends Error {
  constructor(readonly kind: 'stall' | 'deadline') {
    super(kind === 'stall' ? 'no token within the stall limit' : 'answer exceeded the time limit');
    this.name = 'GenerationTimeout';
  }
}

/**
 * Runs a streaming generation under two clocks: the whole answer must finish within `totalMs`,
 * and no gap between tokens (the first included) may exceed `stallMs`. On either, or when the
 * consumer stops early, the generation's own signal is aborted so the upstream request ends.
 */
export async function* withDeadlines(
  start: (signal: AbortSignal) => AsyncIterable<string>,
  opts: { totalMs: number; stallMs: number; signal?: AbortSignal },
): AsyncGenerator<string> {
  const controller = new AbortController();
  // The caller's signal (a takeover) ends the upstream request at once, not at the next token.
  opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
  const iterator = start(controller.signal)[Symbol.asyncIterator]();
  const deadline = performance.now() + opts.totalMs;
  try {
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) throw new GenerationTimeout('deadline');
      const wait = Math.min(opts.stallMs, left);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new GenerationTimeout(wait < opts.stallMs ? 'deadline' : 'stall')), wait);
      });
      let step: IteratorResult<string>;
      try {
        step = await Promise.race([iterator.next(), timeout]);
      } finally {
        clearTimeout(timer);
      }
      if (step.done) return;
      yield step.value;
    }
  } finally {
    controller.abort();
    // Not awaited: a pending next() settles once the abort reaches the upstream.
    iterator.return?.().catch(() => undefined);
  }
}
