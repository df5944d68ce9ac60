import type { Conversation, Message } from '../protocol/dto';

export interface ConversationExport {
  conversation: Conversation;
  messages: Message[];
}

const COLUMNS = [
  'conversation_id',
  'visitor_id',
  'visitor_name',
  'visitor_email',
  'mode',
  'message_id',
  'created_at',
  'role',
  'author',
  'text',
  'answered',
  'rating',
  'sources',
  'retrieval_ms',
  'first_token_ms',
  'total_ms',
] as const;

/** One CSV row per message, RFC 4180 quoting, safe to open in a spreadsheet. */
export function toCsv(exports: ConversationExport[]): string {
  const lines = [COLUMNS.join(',')];
  for (const { conversation: c, messages } of exports) {
    for (const m of messages) {
      lines.push(
        [
          c.id,
          c.visitorId,
          c.identity?.name,
          c.identity?.email,
          c.mode,
          m.id,
          m.createdAt,
          m.role,
          m.author?.name,
          m.text,
          m.answered === undefined ? '' : String(m.answered),
          m.rating,
          m.sources?.map((s) => (s.heading ? `${s.title} › ${s.heading}` : s.title)).join(' | '),
          m.latency?.retrievalMs,
          m.latency?.firstTokenMs,
          m.latency?.totalMs,
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

function cell(value: string | number | undefined): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  // A cell starting like a formula would run in Excel or Sheets (CSV injection): make it text.
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
