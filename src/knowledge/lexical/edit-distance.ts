/**
 * Levenshtein distance between `a` and `b` if it is at most `max`, else undefined. Stops as
 * soon as every path through the current row exceeds `max`, so a far-off word costs a row or two.
 */
let rows = [new Int32Array(64), new Int32Array(64)];

export function editDistanceWithin(a: string, b: string, max: number): number | undefined {
  if (Math.abs(a.length - b.length) > max) return undefined;
  // Two rows reused across calls: a typo look-up compares one word with thousands.
  if (rows[0].length <= b.length) rows = [new Int32Array(b.length * 2 + 2), new Int32Array(b.length * 2 + 2)];
  let [prev, cur] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return undefined;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] <= max ? prev[b.length] : undefined;
}
