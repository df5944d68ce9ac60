import { el } from '../../../src/browser/dom';
import type { Conversation, VisitorHistory } from '../../../src/protocol/dto';
import { ago } from '../context';
import { MODE_LABEL } from './transcript';

/**
 * Beside a transcript: the offline message a visitor left, where they are chatting from, when
 * they were first seen and their earlier conversations. Every value is the visitor's or their
 * browser's, so all of it is text; the page link opens without a referrer.
 */
export function visitorPanel(
  c: Conversation,
  visitor: VisitorHistory | undefined,
  openConversation: (id: string) => void,
): HTMLElement {
  const rows: [string, Node | string][] = [];
  const ctx = c.context ?? {};
  if (ctx.pageUrl)
    rows.push([
      'Page',
      el('a', { href: ctx.pageUrl, target: '_blank', rel: 'noopener noreferrer' }, ctx.pageTitle || ctx.pageUrl),
    ]);
  if (ctx.referrer) rows.push(['Came from', ctx.referrer]);
  const browser = [ctx.browser, ctx.os].filter(Boolean).join(' on ');
  if (browser) rows.push(['Browser', browser]);
  if (ctx.locale) rows.push(['Language', ctx.locale]);
  if (ctx.timeZone) rows.push(['Time zone', ctx.timeZone]);
  if (visitor) rows.push(['First seen', ago(visitor.firstSeen)]);
  if (c.feedback)
    rows.push([
      'Their rating',
      `${'★'.repeat(c.feedback.score)}${'☆'.repeat(5 - c.feedback.score)}${c.feedback.comment ? ` “${c.feedback.comment}”` : ''}`,
    ]);

  const panel = el('aside', { class: 'visitor-panel', 'aria-label': 'About the visitor' });
  if (c.contact)
    panel.append(
      el(
        'div',
        { class: 'contact-card' },
        el('strong', {}, 'Offline message'),
        el(
          'p',
          {},
          'Reply to ',
          el('a', { href: `mailto:${encodeURI(c.contact.email)}` }, c.contact.email),
          ` · ${ago(c.contact.at)}`,
        ),
        c.contact.message ? el('blockquote', {}, c.contact.message) : '',
      ),
    );
  if (rows.length)
    panel.append(el('dl', { class: 'context' }, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)])));
  if (visitor?.earlier.length) {
    const list = el('ul', { class: 'earlier' });
    for (const e of visitor.earlier) {
      const b = el('button', { type: 'button', class: 'link' }, e.preview || '(no messages)');
      b.addEventListener('click', () => openConversation(e.id));
      list.append(
        el('li', {}, b, el('span', { class: 'muted small' }, ` ${MODE_LABEL[e.mode]} · ${ago(e.createdAt)}`)),
      );
    }
    panel.append(el('h3', {}, `Earlier conversations (${visitor.earlier.length})`), list);
  }
  return panel;
}

/** How long a visitor has waited, for the inbox: "waiting 4 min". */
export function waitedFor(since: string, now = Date.now()): string {
  const minutes = Math.floor((now - Date.parse(since)) / 60_000);
  if (minutes < 1) return 'waiting < 1 min';
  if (minutes < 60) return `waiting ${minutes} min`;
  return `waiting ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
