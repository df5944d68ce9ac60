import type { GapGroup } from '../protocol/http-api';
import type { GapEntry } from '../history/history-store';
import { slug } from '../markdown/slug';
import { terms } from '../knowledge/lexical/text-analysis';

/** Questions the bot could not help with, asked in similar words, counted together. */
/** Two questions belong together when this share of the shorter one's terms is in the other. */
const SIMILAR = 0.6;

/**
 * Groups gap entries by the stemmed, stop-word-free terms of their questions, each joining the
 * group it overlaps most (the share of the shorter question's terms found in the group, terms
 * matching when one is a prefix of the other, since the stemmer leaves "deliv" and "deliveri").
 * "Do you deliver to Antarctica?" and "delivery to Antarctica possible?" group together; "bake
 * bread" stays apart. Largest groups first.
 */
export function groupGaps(entries: GapEntry[]): GapGroup[] {
  const groups: { terms: Set<string>; entries: GapEntry[] }[] = [];
  for (const e of entries) {
    const text = e.question?.text ?? '';
    if (!text) continue;
    const t = new Set(terms(text));
    let best: (typeof groups)[number] | undefined;
    let bestScore = 0;
    for (const g of groups) {
      const score = overlap(t, g.terms);
      if (score > bestScore) [best, bestScore] = [g, score];
    }
    if (best && bestScore >= SIMILAR) {
      best.entries.push(e);
      for (const x of t) best.terms.add(x);
    } else groups.push({ terms: t, entries: [e] });
  }
  return groups
    .map((g) => summarise(g.entries))
    .sort((a, b) => b.count - a.count || b.lastAskedAt.localeCompare(a.lastAskedAt));
}

function summarise(entries: GapEntry[]): GapGroup {
  const questions = entries.map((e) => e.question!.text);
  const termSets = questions.map((q) => new Set(terms(q)));
  // The representative shares the most terms with the rest of its group.
  let rep = 0;
  let repScore = -1;
  termSets.forEach((s, i) => {
    const score = termSets.reduce((sum, other, j) => (i === j ? sum : sum + overlap(s, other)), 0);
    if (score > repScore) [rep, repScore] = [i, score];
  });
  const question = questions[rep];
  return {
    question,
    count: entries.length,
    unanswered: entries.filter((e) => e.reason === 'unanswered').length,
    ratedDown: entries.filter((e) => e.reason === 'rated_down').length,
    lastAskedAt: entries
      .map((e) => e.question!.createdAt)
      .sort()
      .pop()!,
    examples: [...new Set(questions)].slice(0, 5),
    conversationIds: [...new Set(entries.map((e) => e.answer.conversationId))],
    suggestedPath: `${slug(question).slice(0, 60).replace(/-+$/, '') || 'new-article'}.md`,
  };
}

function overlap(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return large.size === 0 ? 1 : 0;
  let shared = 0;
  for (const x of small) if (large.has(x) || [...large].some((y) => sameStem(x, y))) shared++;
  return shared / small.size;
}

function sameStem(x: string, y: string): boolean {
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  return short.length >= 4 && long.startsWith(short);
}
