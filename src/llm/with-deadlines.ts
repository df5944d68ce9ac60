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
  const onAbort = () => controller.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const iterator = start(controller.signal)[Symbol.asyncIterator]();
  // Two timers for the whole answer, the stall one re-armed per token (`refresh`), and one
  // promise they reject: a timer and a promise per token was a measurable part of an answer's CPU.
  let fail!: (err: GenerationTimeout) => void;
  const timedOut = new Promise<never>((_, reject) => (fail = reject));
  timedOut.catch(() => undefined);
  const stall = setTimeout(() => fail(new GenerationTimeout('stall')), opts.stallMs);
  const deadline = setTimeout(() => fail(new GenerationTimeout('deadline')), opts.totalMs);
  let finished = false;
  try {
    for (;;) {
      const step = await Promise.race([iterator.next(), timedOut]);
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
      stall.refresh(); // the gap is counted from when the consumer asks for the next token
    }
  } finally {
    clearTimeout(stall);
    clearTimeout(deadline);
    opts.signal?.removeEventListener('abort', onAbort);
    // A stream that ended by itself has no request left to end (and an abort costs a DOMException).
    if (!finished) {
      controller.abort();
      // Not awaited: a pending next() settles once the abort reaches the upstream.
      iterator.return?.().catch(() => undefined);
    }
  }
}
