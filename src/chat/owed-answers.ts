import type { Message } from '../protocol/dto';

/**
 * The visitor's questions still owed a bot answer, oldest first: no answer replies to them, and
 * no agent or system message came after them (a person took over, or the visitor asked for one,
 * and the bot stays out of what was said then). Files sent alone ask nothing the bot can answer.
 */
export function owedAnswers(messages: Message[]): Message[] {
  const answered = new Set(messages.filter((m) => m.role === 'bot' && m.replyTo).map((m) => m.replyTo));
  const owed: Message[] = [];
  for (const m of messages) {
    if (m.role === 'agent' || m.role === 'system') owed.length = 0;
    else if (m.role === 'visitor' && m.text.trim() && !answered.has(m.id)) owed.push(m);
  }
  return owed;
}
