import type { Message, Source } from '../../../src/protocol/dto';
import { initials } from '../../../src/browser/initials';
import { renderMarkdown } from '../../../src/markdown/render-markdown';
import { sourceHref } from '../../../src/markdown/slug';
import { h } from '../../../src/markdown/vnode';
import { vnodeToDom } from '../../../src/markdown/vnode-to-dom';
import type { Strings } from '../i18n/strings';
import type { Stream } from '../state/conversation';
import type { Pending } from '../state/outbox';
import { el, icon, ICONS } from '../../../src/browser/dom';
import { attachmentsView, type FileAccess } from './attachment-view';

/** What rendering needs besides the item: where links point and what buttons do. */
export interface ViewContext {
  serverUrl: string;
  pageUrl: string;
  online: boolean;
  canAskHuman: boolean;
  onRate(messageId: string, rating: 'up' | 'down'): void;
  onAskHuman(): void;
  onDismiss(clientMessageId: string): void;
  /** The assistant's picture (`data-avatar`), beside its answers. */
  botAvatar?: string;
  files: FileAccess;
  t: Strings;
}

/** Who wrote a message, for screen readers. Notes never reach the widget. */
const who = (t: Strings, role: Message['role']): string =>
  role === 'visitor' ? t.you : role === 'bot' ? t.assistant : role === 'agent' ? t.supportAgent : '';

/** Markdown as DOM, with `[n]` linked to the n-th source. */
function markdown(text: string, sources: Source[] | undefined, ctx: ViewContext): DocumentFragment {
  return vnodeToDom(
    renderMarkdown(text, {
      baseUrl: ctx.pageUrl,
      imageOrigins: [ctx.serverUrl, new URL(ctx.pageUrl).origin],
      citation: (n) => {
        const s = sources?.[n - 1];
        if (!s) return undefined;
        const label = ctx.t.source(n, s.title);
        return h('sup', { class: 'cite' }, [
          h(
            'a',
            {
              href: sourceHref(s, ctx.serverUrl),
              target: '_blank',
              rel: 'noopener noreferrer',
              title: label,
              'data-cite': String(n),
            },
            [`[${n}]`],
          ),
        ]);
      },
    }),
  );
}

export function messageView(m: Message, ctx: ViewContext): HTMLElement {
  const bubble = el('div', { class: 'bubble' });
  if (m.role === 'visitor' || m.role === 'system') bubble.textContent = m.text;
  else bubble.append(markdown(m.text, m.sources, ctx));
  const node = el(
    'div',
    { class: `msg ${m.role}`, 'data-id': m.id, 'data-role': m.role },
    who(ctx.t, m.role) && el('span', { class: 'sr-only' }, `${who(ctx.t, m.role)}:`),
    m.text.trim() || !m.attachments?.length ? bubble : '',
    m.attachments?.length ? attachmentsView(m.attachments, ctx.files, ctx.t) : '',
  );
  if (m.role === 'agent')
    node.prepend(
      el(
        'span',
        { class: 'who', 'aria-hidden': 'true' },
        m.author?.name ? `${m.author.name} · ${ctx.t.agentSuffix}` : ctx.t.supportAgent,
      ),
    );
  if (m.role === 'bot') {
    if (m.sources?.length) node.append(sourcesView(m.sources, ctx));
    node.append(actionsView(m, ctx));
  }
  // The person (their initials) or the assistant (the site's picture) beside the message.
  const face =
    m.role === 'agent'
      ? el('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(m.author?.name ?? 'Support'))
      : m.role === 'bot' && ctx.botAvatar
        ? el('img', { class: 'avatar', src: ctx.botAvatar, alt: '', referrerpolicy: 'no-referrer' })
        : undefined;
  if (face) {
    const col = el('div', { class: 'col' });
    col.append(...Array.from(node.childNodes));
    node.append(face, col);
    node.classList.add('with-avatar');
  }
  return node;
}

function sourcesView(sources: Source[], ctx: ViewContext): HTMLElement {
  return el(
    'ol',
    { class: 'sources', 'aria-label': ctx.t.sources },
    ...sources.map((s, i) =>
      el(
        'li',
        {},
        el('span', { class: 'n', 'aria-hidden': 'true' }, `[${i + 1}]`),
        el(
          'a',
          { href: sourceHref(s, ctx.serverUrl), target: '_blank', rel: 'noopener noreferrer' },
          s.heading && s.heading !== s.title ? `${s.title} › ${s.heading}` : s.title,
        ),
      ),
    ),
  );
}

function actionsView(m: Message, ctx: ViewContext): HTMLElement {
  const thumb = (rating: 'up' | 'down', label: string) => {
    const b = el(
      'button',
      {
        type: 'button',
        class: 'thumb',
        'aria-label': label,
        'aria-pressed': String(m.rating === rating),
        'data-rate': rating,
      },
      icon(...ICONS[rating]),
    );
    b.addEventListener('click', () => ctx.onRate(m.id, rating));
    return b;
  };
  const row = el('div', { class: 'actions' }, thumb('up', ctx.t.helpful), thumb('down', ctx.t.notHelpful));
  if ((m.answered === false || m.rating === 'down') && ctx.canAskHuman) {
    const human = el('button', { type: 'button', class: 'human-inline' }, ctx.t.talkToPerson);
    human.addEventListener('click', () => ctx.onAskHuman());
    row.append(human);
  }
  return row;
}

/** An answer being written: Markdown so far and a caret. Busy, so screen readers wait for the end. */
export function streamView(s: Stream, ctx: ViewContext): HTMLElement {
  const bubble = el('div', { class: 'bubble caret' });
  bubble.append(markdown(s.gap ? `${s.text}…` : s.text, undefined, ctx));
  return el('div', { class: 'msg bot streaming', 'data-id': s.messageId, 'aria-busy': 'true' }, bubble);
}

export function pendingView(p: Pending, ctx: ViewContext): HTMLElement {
  const bubble = el('div', { class: 'bubble' }, p.text);
  const status = el('div', {
    class: `status${p.status === 'failed' ? ' error' : ''}`,
    role: p.status === 'failed' ? 'alert' : undefined,
  });
  if (p.status === 'failed') {
    status.append(ctx.t.notSent(p.error?.message ?? ctx.t.refused));
    const dismiss = el('button', { type: 'button' }, ctx.t.remove);
    dismiss.addEventListener('click', () => ctx.onDismiss(p.clientMessageId));
    status.append(dismiss);
  } else {
    status.append(ctx.online ? ctx.t.sending : ctx.t.waitingForConnection);
  }
  return el('div', { class: 'msg visitor pending', 'data-client-id': p.clientMessageId }, bubble, status);
}
