/**
 * Coalesces an answer's deltas that arrive in the same event-loop turn into one event. An
 * upstream that sends many tokens per network read (or a fast local model) otherwise costs one
 * encode and one websocket write per token per room; the first delta still goes out at once, so
 * the time to first token is unchanged, and deltas streamed one at a time are never held.
 * With `intervalMs`, deltas after the first wait up to that long to be joined: with Redis each
 * delta is a publish every node receives and decodes, so fewer, larger deltas scale further.
 */
export class DeltaBatcher {
  private pending = '';
  private offset = 0;
  private scheduled: { cancel(): void } | undefined;
  private sentAny = false;

  constructor(
    private readonly send: (delta: string, offset: number) => void,
    private readonly intervalMs = 0,
  ) {}

  /** `offset` is where `delta` starts in the answer's text. */
  push(delta: string, offset: number): void {
    if (!this.sentAny) {
      this.sentAny = true;
      this.send(delta, offset);
      return;
    }
    if (this.pending === '') this.offset = offset;
    this.pending += delta;
    this.scheduled ??= this.schedule();
  }

  /** Sends what is pending now (before the answer's end). */
  flush(): void {
    this.cancelTimer();
    if (this.pending === '') return;
    const delta = this.pending;
    this.pending = '';
    this.send(delta, this.offset);
  }

  /** Drops what is pending (the answer was withdrawn). */
  discard(): void {
    this.cancelTimer();
    this.pending = '';
  }

  private schedule(): { cancel(): void } {
    if (this.intervalMs > 0) {
      const timer = setTimeout(() => this.flush(), this.intervalMs);
      return { cancel: () => clearTimeout(timer) };
    }
    const immediate = setImmediate(() => this.flush());
    return { cancel: () => clearImmediate(immediate) };
  }

  private cancelTimer(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
  }
}
