import { terms } from '../knowledge/lexical/text-analysis';
import { repliesIn } from '../replies/reply-language';
import type { GenerationInput, GenerationSource, LlmProvider } from './llm-provider';

/** Longest extract quoted from the best passage, in characters. */
const MAX_EXTRACT = 900;
/** A second article is mentioned when it scores at least this share of the best one... */
const RELATED_RATIO = 0.85;
/** ...and is itself a confident match: a weak "see also" is noise. */
const RELATED_MIN_SCORE = 0.6;
/** A best passage shorter than this is an article's opening: the section after it, if found, goes with it. */
const SHORT_OPENING = 400;

interface Block {
  text: string;
  isListItem: boolean;
  /** Blocks of one list share a group; a lead-in paragraph is its own group. */
  group: number;
}

/**
 * Answers without a model: quotes the part of the best passage that matches the question
 * (the whole passage when it is short), cites it, and points to a closely matching second
 * article. Deterministic and instant; the default when no LLM is configured and the fallback
 * when one fails.
 */
export class OfflineAnswerer implements LlmProvider {
  readonly name = 'offline';

  async *generate(input: GenerationInput, signal: AbortSignal): AsyncIterable<string> {
    if (input.sources.length === 0) throw new Error('the offline answerer needs at least one source');
    const answer = composeAnswer(input);
    // Streamed by paragraph so clients exercise the same path as with a model.
    for (const piece of answer.split(/(?<=\n\n)/)) {
      if (signal.aborted) return;
      yield piece;
    }
  }
}

export function composeAnswer(input: GenerationInput): string {
  const [best, ...rest] = input.sources;
  const replies = repliesIn(input.language);
  const where = best.heading ? `**${best.title}** (${best.heading})` : `**${best.title}**`;
  const parts = [replies.quoting(where, best.n), extract(best, input.question)];
  // An opening that only introduces the article ("Most problems come from the network.") is
  // followed by the section after it when the search found that too: the steps.
  const next =
    best.text.length < SHORT_OPENING
      ? rest.find((s) => s.path === best.path && s.order === (best.order ?? -2) + 1)
      : undefined;
  if (next)
    parts.push(
      `${next.heading ? `**${next.heading.split(' › ').pop()}**\n\n` : ''}${extract(next, input.question)} [${next.n}]`,
    );
  const related = rest.find(
    (s) => s.path !== best.path && s.score >= RELATED_MIN_SCORE && s.score >= best.score * RELATED_RATIO,
  );

  if (related) parts.push(replies.alsoSee(related.title, related.n));
  return parts.join('\n\n');
}

function extract(source: GenerationSource, question: string): string {
  const text = source.text.trim();
  if (text.length <= MAX_EXTRACT) return text;
  const blocks = blocksOf(text);
  // In the article's language, as the index matched them.
  const wanted = new Set(terms(question, source.lang));
  const scores = blocks.map((b) => {
    const found = new Set(terms(b.text, source.lang).filter((t) => wanted.has(t)));
    return found.size;
  });
  const bestIndex = Math.max(0, scores.indexOf(Math.max(...scores)));
  // A list is quoted whole with the paragraph that introduces it, whichever of the two matched.
  let from = bestIndex;
  let to = bestIndex;
  const best = blocks[bestIndex];
  if (best.isListItem) {
    from = blocks.findIndex((b) => b.group === best.group);
    if (from > 0 && !blocks[from - 1].isListItem) from--;
  }
  const listStart = blocks[to + 1]?.isListItem ? to + 1 : -1;
  if (!best.isListItem && listStart > 0) to = listStart;
  if (blocks[to].isListItem) while (blocks[to + 1]?.group === blocks[to].group) to++;
  const picked: string[] = [];
  let used = 0;
  for (let i = from; i <= to; i++) {
    if (used + blocks[i].text.length > MAX_EXTRACT && picked.length > 0) {
      picked.push('\n…');
      break;
    }
    const joiner = picked.length === 0 ? '' : blocks[i].isListItem && blocks[i - 1].isListItem ? '\n' : '\n\n';
    picked.push(joiner + blocks[i].text);
    used += blocks[i].text.length;
  }
  return trimTo(picked.join(''), MAX_EXTRACT + 200);
}

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let group = 0;
  for (const para of text.split(/\n{2,}/)) {
    const lines = para.split('\n');
    const isList = lines.every((l, i) => /^\s*(?:[-*+]|\d+[.)])\s+/.test(l) || (i > 0 && /^\s{2,}\S/.test(l)));
    if (isList) {
      const prevIsList = blocks.length > 0 && blocks[blocks.length - 1].isListItem;
      if (!prevIsList) group++;
      let item = '';
      for (const l of lines) {
        if (/^\s*(?:[-*+]|\d+[.)])\s+/.test(l) && item) {
          blocks.push({ text: item, isListItem: true, group });
          item = l;
        } else item = item ? `${item}\n${l}` : l;
      }
      if (item) blocks.push({ text: item, isListItem: true, group });
    } else {
      group++;
      blocks.push({ text: para, isListItem: false, group });
    }
  }
  return blocks;
}

function trimTo(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const stop = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('\n'));
  return `${cut.slice(0, stop > max / 2 ? stop + 1 : max).trimEnd()} …`;
}
