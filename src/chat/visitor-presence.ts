/**
 * Which conversations have a visitor on this node: their sockets join and leave. A visitor
 * whose last socket left more than `graceMs` ago is gone, and their queued questions are not
 * worth an LLM call (they get the offline answer, which costs nothing and waits for them). A
 * page change or a network blink comes back well within the grace.
 */
export class VisitorPresence {
  private readonly sockets = new Map<string, number>();
  private readonly leftAt = new Map<string, number>();

  constructor(
    private readonly graceMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  join(conversationId: string): void {
    this.sockets.set(conversationId, (this.sockets.get(conversationId) ?? 0) + 1);
    this.leftAt.delete(conversationId);
  }

  leave(conversationId: string): void {
    const n = (this.sockets.get(conversationId) ?? 1) - 1;
    if (n > 0) {
      this.sockets.set(conversationId, n);
      return;
    }
    this.sockets.delete(conversationId);
    this.leftAt.set(conversationId, this.now());
    // Forget conversations long gone, so the map stays the size of the live ones.
    if (this.leftAt.size > 10_000)
      for (const [id, at] of this.leftAt) if (this.now() - at > this.graceMs) this.leftAt.delete(id);
  }

  /** True while a socket of the conversation is open on this node. */
  connected(conversationId: string): boolean {
    return this.sockets.has(conversationId);
  }

  /** True while a socket of the conversation is open, or its last one closed within the grace. */
  here(conversationId: string): boolean {
    if (this.sockets.has(conversationId)) return true;
    const at = this.leftAt.get(conversationId);
    return at === undefined || this.now() - at <= this.graceMs;
  }
}
