import { el } from '../../../src/browser/dom';
import type { Conversation, Message, VisitorHistory } from '../../../src/protocol/dto';
import type { ConversationFilter } from '../api';
import { ago, errorText, type Ctx, type View } from '../context';
import { act } from '../live';
import { markdown } from '../render';
import { messageRow, MODE_LABEL, visitorLabel } from './transcript';
import { composer } from './composer';
import { conversationTools } from './conversation-tools';
import { visitorPanel, waitedFor } from './visitor-panel';

/**
 * The live inbox: conversations newest activity first with filters and search, and the open
 * conversation's transcript as it happens, with takeover, reply, hand-back and close.
 */
export function conversationsView(root: HTMLElement, ctx: Ctx, params: URLSearchParams): View {
  const filter: ConversationFilter = {
    mode: params.get('mode') ?? undefined,
    unanswered: params.get('unanswered') === '1',
  };
  let conversations: Conversation[] = [];
  let openId: string | undefined = params.get('id') ?? undefined;
  let messages: Message[] = [];
  let visitor: VisitorHistory | undefined;
  // Waiting times in the list move on by themselves.
  const ticker = setInterval(() => {
    if (conversations.some((c) => c.waitingSince)) renderList();
  }, 30_000);
  const streams = new Map<string, string>();
  let refetchTimer: ReturnType<typeof setTimeout> | undefined;
  let visitorTyping = false;
  let destroyed = false;

  // Filters
  const search = el('input', {
    type: 'search',
    placeholder: 'Search messages, names, emails…',
    'aria-label': 'Search conversations',
  });
  const mode = el(
    'select',
    { 'aria-label': 'Mode' },
    el('option', { value: '' }, 'All modes'),
    ...(['waiting', 'bot', 'agent', 'closed'] as const).map((m) => el('option', { value: m }, MODE_LABEL[m])),
    el('option', { value: 'offline' }, 'Offline messages'),
  );
  mode.value = params.get('offline') === '1' ? 'offline' : (filter.mode ?? '');
  const unanswered = el('input', { type: 'checkbox', id: 'f-unanswered' });
  unanswered.checked = !!filter.unanswered;
  const tagFilter = el('input', { type: 'search', 'aria-label': 'Tag', placeholder: 'Tag', class: 'tag-filter' });
  tagFilter.value = params.get('tag') ?? '';
  const from = el('input', { type: 'date', 'aria-label': 'From date' });
  const to = el('input', { type: 'date', 'aria-label': 'To date' });
  const exportJson = el('button', { type: 'button', class: 'small' }, 'Export JSON');
  const exportCsv = el('button', { type: 'button', class: 'small' }, 'Export CSV');
  const list = el('ul', { class: 'conv-list', 'aria-label': 'Conversations' });
  const count = el('p', { class: 'muted small', role: 'status' });

  // Transcript
  const detail = el('section', { class: 'detail', 'aria-label': 'Conversation' });

  root.append(
    el(
      'div',
      { class: 'split' },
      el(
        'section',
        { class: 'inbox' },
        el('h1', {}, 'Conversations'),
        el(
          'div',
          { class: 'filters' },
          search,
          el(
            'div',
            { class: 'row' },
            mode,
            tagFilter,
            el('label', { class: 'check', for: 'f-unanswered' }, unanswered, 'Bot could not answer'),
          ),
          el(
            'div',
            { class: 'row' },
            el('label', { class: 'small' }, 'From ', from),
            el('label', { class: 'small' }, 'To ', to),
          ),
          el('div', { class: 'row' }, exportJson, exportCsv),
        ),
        count,
        list,
      ),
      detail,
    ),
  );

  const currentFilter = (): ConversationFilter => ({
    q: search.value.trim() || undefined,
    mode: mode.value && mode.value !== 'offline' ? mode.value : undefined,
    offline: mode.value === 'offline',
    tag: tagFilter.value.trim().toLowerCase() || undefined,
    unanswered: unanswered.checked,
    from: from.value ? new Date(`${from.value}T00:00:00`).toISOString() : undefined,
    to: to.value ? new Date(`${to.value}T23:59:59.999`).toISOString() : undefined,
  });

  async function loadList(): Promise<void> {
    try {
      conversations = (await ctx.api.conversations(currentFilter())).conversations;
      if (!destroyed) renderList();
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    }
  }
  const refetchSoon = () => {
    clearTimeout(refetchTimer);
    refetchTimer = setTimeout(() => void loadList(), 300);
  };

  function renderList(): void {
    list.replaceChildren(
      ...conversations.map((c) => {
        const owner = c.ownerAgentId ? (ctx.agentNames.get(c.ownerAgentId) ?? 'an agent') : undefined;
        const item = el(
          'li',
          { class: `conv${c.id === openId ? ' active' : ''}`, 'data-id': c.id, 'data-mode': c.mode },
          el(
            'button',
            { type: 'button', 'aria-current': c.id === openId ? 'true' : undefined },
            el(
              'span',
              { class: 'top' },
              el('strong', {}, visitorLabel(c)),
              el('time', { datetime: c.lastMessageAt }, ago(c.lastMessageAt)),
            ),
            el('span', { class: 'preview' }, c.preview || '…'),
            el(
              'span',
              { class: 'tags' },
              el('span', { class: `mode ${c.mode}` }, MODE_LABEL[c.mode]),
              owner && el('span', { class: 'tag' }, owner),
              c.unanswered > 0 && el('span', { class: 'tag warn' }, `${c.unanswered} unanswered`),
              c.waitingSince && el('span', { class: 'tag wait' }, waitedFor(c.waitingSince)),
              c.contact && c.mode !== 'closed' && el('span', { class: 'tag offline' }, 'Offline message'),
              c.feedback &&
                el(
                  'span',
                  { class: `tag ${c.feedback.score >= 4 ? 'good' : c.feedback.score <= 2 ? 'bad' : ''}` },
                  `★ ${c.feedback.score}/5`,
                ),
              ...(c.tags ?? []).map((t) => el('span', { class: 'tag label' }, `#${t}`)),
              c.unread > 0 && el('span', { class: 'unread', 'aria-label': `${c.unread} unread` }, String(c.unread)),
            ),
          ),
        );
        item.querySelector('button')!.addEventListener('click', () => void open(c.id));
        return item;
      }),
    );
    count.textContent = `${conversations.length} conversation${conversations.length === 1 ? '' : 's'}`;
  }

  async function open(id: string): Promise<void> {
    if (openId && openId !== id)
      void act(ctx.live, 'conversation:unwatch', { conversationId: openId }).catch(() => undefined);
    openId = id;
    streams.clear();
    visitorTyping = false;
    history.replaceState(null, '', `#/conversations?id=${encodeURIComponent(id)}`);
    try {
      const r = await act(ctx.live, 'conversation:watch', { conversationId: id });
      messages = r.messages;
      visitor = r.visitor;
      upsertConversation(r.conversation);
      renderDetail();
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    }
  }

  function upsertConversation(c: Conversation): void {
    const i = conversations.findIndex((x) => x.id === c.id);
    if (i >= 0) conversations[i] = c;
    else {
      refetchSoon();
      return;
    }
    conversations.sort((a, b) => b.lastMessageAt.localeCompare(a.lastMessageAt));
    renderList();
    if (c.id === openId) renderHeader();
  }

  const header = el('header', { class: 'detail-head' });
  const log = el('div', { class: 'transcript', role: 'log', 'aria-live': 'polite', 'aria-label': 'Transcript' });
  const typing = el('p', { class: 'typing muted small', hidden: true }, 'The visitor is typing…');
  const writer = composer(ctx, { conversation: () => conv(), sent: (m) => upsertMessage(m) });
  function conv(): Conversation | undefined {
    return conversations.find((c) => c.id === openId);
  }

  function renderDetail(): void {
    const c = conv();
    detail.replaceChildren(header, c ? visitorPanel(c, visitor, (id) => void open(id)) : '', log, typing, writer.form);
    renderHeader();
    renderMessages();
  }

  function renderHeader(): void {
    const c = conv();
    if (!c) return;
    const mine = c.ownerAgentId === ctx.agent.id;
    const owner = c.ownerAgentId ? (ctx.agentNames.get(c.ownerAgentId) ?? 'another agent') : undefined;
    const button = (label: string, cls: string, fn: () => Promise<unknown>) => {
      const b = el('button', { type: 'button', class: cls }, label);
      b.addEventListener('click', () => {
        b.disabled = true;
        fn()
          .catch((err) => ctx.toast(errorText(err), 'error'))
          .finally(() => (b.disabled = false));
      });
      return b;
    };
    const actions = el('div', { class: 'actions' });
    if (!mine && c.mode !== 'closed')
      actions.append(button(owner ? `Take over from ${owner}` : 'Take over', 'primary', () => takeover()));
    if (mine)
      actions.append(
        button('Hand back to the bot', '', () =>
          act(ctx.live, 'conversation:release', { conversationId: c.id }).then(afterAction),
        ),
      );
    if (c.mode !== 'closed')
      actions.append(
        button('Close', '', () => act(ctx.live, 'conversation:close', { conversationId: c.id }).then(afterAction)),
      );
    actions.append(
      button('JSON', 'small', () =>
        ctx.api.download(`/conversations/${c.id}/export?format=json`, `conversation-${c.id}.json`),
      ),
      button('CSV', 'small', () =>
        ctx.api.download(`/conversations/${c.id}/export?format=csv`, `conversation-${c.id}.csv`),
      ),
    );
    if (ctx.agent.role === 'admin')
      actions.append(
        button('Erase visitor’s data', 'small danger', async () => {
          const sure = confirm(
            `Erase every conversation of ${visitorLabel(c)}? Their messages are deleted for good; this cannot be undone.`,
          );
          if (!sure) return;
          const r = await ctx.api.eraseVisitor(c.visitorId);
          ctx.toast(`Erased ${r.conversations} conversation${r.conversations === 1 ? '' : 's'}.`, 'info');
          dropVisitor(c.visitorId);
        }),
      );
    header.replaceChildren(
      el(
        'div',
        {},
        el('h2', {}, visitorLabel(c)),
        el(
          'p',
          { class: 'muted small' },
          c.identity?.email ? `${c.identity.email} · ` : '',
          identityNote(c),
          `${MODE_LABEL[c.mode]}${owner ? ` · ${mine ? 'you own it' : `${owner} owns it`}` : ''} · started ${ago(c.createdAt)}`,
        ),
        conversationTools(ctx, c, upsertConversation),
      ),
      actions,
    );
    writer.update();
  }

  async function takeover(): Promise<void> {
    const c = conv();
    if (!c) return;
    const r = await act(ctx.live, 'conversation:takeover', { conversationId: c.id });
    upsertConversation(r.conversation);
    writer.focus();
  }

  function afterAction(r: unknown): void {
    upsertConversation((r as { conversation: Conversation }).conversation);
  }

  function renderMessages(): void {
    const stick = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
    log.replaceChildren(
      ...messages.map((m) => messageRow(m, ctx)),
      ...[...streams].map(([id, text]) => {
        const body = el('div', { class: 'body' });
        body.append(markdown(text || '…'));
        return el(
          'article',
          { class: 'msg bot streaming', 'data-id': id, 'aria-busy': 'true' },
          el('header', {}, el('strong', {}, 'Assistant'), el('span', { class: 'muted small' }, 'writing…')),
          body,
        );
      }),
    );
    typing.hidden = !visitorTyping;
    if (stick) log.scrollTop = log.scrollHeight;
  }

  function upsertMessage(m: Message): void {
    if (m.conversationId !== openId) return;
    const i = messages.findIndex((x) => x.id === m.id);
    if (i >= 0) messages[i] = m;
    else {
      messages.push(m);
      messages.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    }
    if (m.role === 'visitor') {
      visitorTyping = false;
      // It is on screen: read. Not while the tab is in the background, where nobody sees it.
      if (document.visibilityState === 'visible')
        void act(ctx.live, 'conversation:read', { conversationId: m.conversationId }).catch(() => undefined);
    }
    streams.delete(m.id);
    renderMessages();
  }

  // Sending a reply
  // Filters and export
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void loadList(), 250);
  });
  for (const input of [mode, unanswered, from, to, tagFilter]) input.addEventListener('change', () => void loadList());
  const exportRange = (format: 'json' | 'csv') => {
    const f = currentFilter();
    const q = new URLSearchParams({
      format,
      ...(f.q ? { q: f.q } : {}),
      ...(f.mode ? { mode: f.mode } : {}),
      ...(f.from ? { from: f.from } : {}),
      ...(f.to ? { to: f.to } : {}),
      ...(f.unanswered ? { unanswered: '1' } : {}),
    });
    ctx.api
      .download(`/conversations/export?${q}`, `conversations.${format}`)
      .catch((err) => ctx.toast(errorText(err), 'error'));
  };
  exportJson.addEventListener('click', () => exportRange('json'));
  exportCsv.addEventListener('click', () => exportRange('csv'));

  /** The visitor's data was erased (here or by another admin): their conversations leave the list. */
  function dropVisitor(visitorId: string): void {
    const gone = new Set(conversations.filter((c) => c.visitorId === visitorId).map((c) => c.id));
    if (gone.size === 0) return;
    conversations = conversations.filter((c) => !gone.has(c.id));
    if (openId && gone.has(openId)) {
      openId = undefined;
      messages = [];
      detail.replaceChildren(el('p', { class: 'muted' }, 'This visitor’s data was erased.'));
      history.replaceState(null, '', '#/conversations');
    }
    renderList();
  }

  // Live events
  ctx.on('visitor:erased', (p: { visitorId: string }) => dropVisitor(p.visitorId));
  ctx.on('conversation:updated', (p: { conversation: Conversation }) => upsertConversation(p.conversation));
  ctx.on('message:new', (p: { message: Message }) => upsertMessage(p.message));
  ctx.on('message:updated', (p: { message: Message }) => upsertMessage(p.message));
  ctx.on('answer:start', (p: { conversationId: string; messageId: string }) => {
    if (p.conversationId !== openId) return;
    streams.set(p.messageId, '');
    renderMessages();
  });
  ctx.on('answer:delta', (p: { conversationId: string; messageId: string; delta: string }) => {
    if (p.conversationId !== openId) return;
    streams.set(p.messageId, (streams.get(p.messageId) ?? '') + p.delta);
    renderMessages();
  });
  ctx.on('answer:end', (p: { message: Message }) => upsertMessage(p.message));
  ctx.on('answer:cancel', (p: { conversationId: string; messageId: string }) => {
    if (streams.delete(p.messageId)) renderMessages();
  });
  ctx.on('typing', (p: { conversationId: string; role: string; on: boolean }) => {
    if (p.conversationId !== openId || p.role !== 'visitor') return;
    visitorTyping = p.on;
    typing.hidden = !p.on;
  });
  ctx.on('connect', () => {
    // Back from a disconnect: events were missed, so reload what is on screen.
    void loadList();
    if (openId) void open(openId);
  });

  detail.append(el('p', { class: 'empty muted' }, 'Pick a conversation to see it live.'));
  void loadList().then(() => (openId ? open(openId) : undefined));
  return {
    destroy() {
      destroyed = true;
      clearInterval(ticker);
      clearTimeout(refetchTimer);
      writer.destroy();
      if (openId) void act(ctx.live, 'conversation:unwatch', { conversationId: openId }).catch(() => undefined);
    },
  };
}

/** Whether the site vouched for who the visitor says they are. */
function identityNote(c: Conversation): string {
  if (!c.identity) return '';
  return c.identity.verified ? 'verified by your site · ' : 'identity not verified · ';
}
