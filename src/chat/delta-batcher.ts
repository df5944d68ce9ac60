/**
 * Coalesces an answer's deltas that arrive in the same event-loop turn into one event. An
 * upstream that sends many tokens per network read (or a fast local model) otherwise costs one
 * encode and one websocket write per token per room; the first delta still goes out at once, so
 * the time to first token is unchanged, and one streamed at a time (20 ms apart) is never held.
 */
export class DeltaBatcher {
  private pending = '';
  private offset = 0;
  private scheduled: NodeJS.Immediate | undefined;
  private sentAny = false;

  constructor(private readonly send: (delta: string, offset: number) => void) {}

  /** `offset` is where `delta` starts in the answer's text. */
  push(delta: string, offset: number): void {
    if (!this.sentAny) {
      this.sentAny = true;
      this.send(delta, offset);
      return;
    }
    if (this.pending === '') this.offset = offset;
    this.pending += delta;
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Sends what is pending now (before the answer's end). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.pending === '') return;
    const delta = this.pending;
    this.pending = '';
    this.send(delta, this.offset);
  }

  /** Drops what is pending (the answer was withdrawn). */
  discard(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.pending = '';
  }
}
