/**
 * Rough token count (≈4 characters a token for English). Good enough to keep a prompt under a
 * budget without shipping a tokenizer for every model an operator might point us at.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The newest items whose total estimate fits `budget`, in their original order. */
export function newestWithin<T>(items: T[], budget: number, size: (item: T) => number): T[] {
  const kept: T[] = [];
  let used = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const cost = size(items[i]);
    if (used + cost > budget) break;
    used += cost;
    kept.unshift(items[i]);
  }
  return kept;
}
