import { el } from '../../../src/browser/dom';
import { sourceHref } from '../../../src/markdown/slug';
import type { Conversation, Message } from '../../../src/protocol/dto';
import { ms, type Ctx } from '../context';
import { markdown } from '../render';
import { attachmentList } from './attachments';

const ROLE: Record<Message['role'], string> = {
  visitor: 'Visitor',
  bot: 'Assistant',
  agent: 'Agent',
  system: 'Notice',
  note: 'Internal note',
};

/** One message of a transcript, with what an agent needs to judge a bot answer. */
export function messageRow(m: Message, ctx: Ctx): HTMLElement {
  const who = m.role === 'agent' ? (m.author?.name ?? 'Agent') : m.role === 'visitor' ? 'Visitor' : ROLE[m.role];
  const body = el('div', { class: 'body' });
  if (m.role === 'visitor' || m.role === 'system') body.textContent = m.text;
  else body.append(markdown(m.text));
  if (m.attachments?.length) body.append(attachmentList(m.attachments, ctx));
  const row = el(
    'article',
    {
      class: `msg ${m.role}`,
      'data-id': m.id,
      'aria-label': `${who} at ${new Date(m.createdAt).toLocaleTimeString()}`,
    },
    el(
      'header',
      {},
      el('strong', {}, who),
      el(
        'time',
        { datetime: m.createdAt },
        new Date(m.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
      ),
    ),
    body,
  );
  if (m.role === 'bot') {
    const meta = el('div', { class: 'meta' });
    if (m.answered === false) meta.append(el('span', { class: 'tag warn' }, 'Not in the knowledge base'));
    if (m.rating)
      meta.append(
        el(
          'span',
          { class: `tag ${m.rating === 'up' ? 'good' : 'bad'}`, title: 'The visitor’s rating' },
          m.rating === 'up' ? 'rated helpful' : 'rated not helpful',
        ),
      );
    if (m.latency) {
      meta.append(
        el(
          'span',
          { class: 'latency', title: 'Measured on the server from receipt of the question' },
          `retrieval ${ms(m.latency.retrievalMs)} · first token ${ms(m.latency.firstTokenMs)} · total ${ms(m.latency.totalMs)}`,
        ),
      );
    }
    row.append(meta);
    if (m.sources?.length) {
      row.append(
        el(
          'ol',
          { class: 'sources', 'aria-label': 'Sources' },
          ...m.sources.map((s) =>
            el(
              'li',
              {},
              el('a', { href: `#/knowledge?path=${encodeURIComponent(s.path)}`, title: 'Open in the editor' }, s.path),
              ` ${s.heading ? `› ${s.heading}` : ''} `,
              el('span', { class: 'score' }, `score ${s.score.toFixed(2)}`),
              ' ',
              el(
                'a',
                { href: sourceHref(s, location.origin), target: '_blank', rel: 'noopener noreferrer', class: 'ext' },
                'view',
              ),
            ),
          ),
        ),
      );
    }
  }
  return row;
}

/** Who the visitor is, as far as we know. */
export function visitorLabel(c: Conversation): string {
  return c.identity?.name || c.identity?.email || `Visitor ${c.visitorId.slice(0, 6)}`;
}

export const MODE_LABEL: Record<Conversation['mode'], string> = {
  bot: 'Bot',
  waiting: 'Needs a human',
  agent: 'With an agent',
  closed: 'Closed',
};
