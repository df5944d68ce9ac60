import type { HistoryStore } from '../history/history-store';
import type { Conversation, Message } from '../protocol/dto';
import { repliesIn, replyLanguage } from '../replies/reply-language';
import type { Replies } from '../replies/replies';

/** Messages read to find what the visitor last wrote. */
const RECENT = 20;

/**
 * The notices of a conversation, in the language the visitor last wrote in (a German question on
 * an English browser gets German notices), else their widget's.
 */
export async function visitorReplies(history: HistoryStore, c: Conversation, messages?: Message[]): Promise<Replies> {
  const recent = messages ?? (await history.listMessages(c.id, { limit: RECENT }));
  const said = recent.filter((m) => m.role === 'visitor' && m.text.trim()).at(-1)?.text;
  return repliesIn(replyLanguage(said, c.context?.locale));
}
