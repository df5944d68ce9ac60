import { ATTACHMENT_TYPES } from '../../../src/protocol/formats';
import { el } from '../../../src/browser/dom';
import type { Conversation, Message } from '../../../src/protocol/dto';
import type { CannedReply } from '../../../src/protocol/http-api';
import { newId } from '../../../widget/src/new-id';
import { errorText, type Ctx } from '../context';
import { act } from '../live';

const FILE_TYPES = ATTACHMENT_TYPES.join(',');

/**
 * Where an agent writes: a reply the visitor gets, or an internal note only agents see. Typing
 * `/` and a shortcut offers the team's canned replies; Tab or a click puts one in.
 */
export function composer(
  ctx: Ctx,
  o: { conversation: () => Conversation | undefined; sent: (m: Message) => void },
): { form: HTMLFormElement; update(): void; focus(): void; destroy(): void } {
  let canned: CannedReply[] = [];
  let asNote = false;
  /** Why replying is not possible here now (someone else owns it, it is closed); notes always are. */
  let replyBlocked: string | undefined;
  let replyHint = '';
  void ctx.api.cannedReplies().then(
    (r) => (canned = r.replies),
    () => undefined,
  );

  const replyTab = el('button', { type: 'button', role: 'tab', 'aria-selected': 'true' }, 'Reply');
  const noteTab = el('button', { type: 'button', role: 'tab', 'aria-selected': 'false' }, 'Internal note');
  const text = el('textarea', { rows: '3', 'aria-label': 'Reply', 'aria-autocomplete': 'list' });
  const send = el('button', { type: 'submit', class: 'primary' }, 'Send');
  const picker = el('input', { type: 'file', multiple: true, hidden: true, accept: FILE_TYPES });
  const attach = el(
    'button',
    { type: 'button', class: 'attach', title: 'Send a photo or file to the visitor' },
    'Attach',
  );
  attach.addEventListener('click', () => picker.click());
  const suggestions = el('ul', {
    class: 'canned-suggestions',
    role: 'listbox',
    'aria-label': 'Canned replies',
    hidden: true,
  });
  const form = el(
    'form',
    { class: 'composer' },
    el('div', { class: 'composer-tabs', role: 'tablist' }, replyTab, noteTab),
    suggestions,
    el('div', { class: 'composer-row' }, text, el('div', { class: 'composer-actions' }, send, attach, picker)),
  );

  /** Files go to the visitor as the agent's messages (a reply, so an unowned conversation is taken over). */
  const sendFiles = async (files: File[]) => {
    const c = o.conversation();
    if (!c || files.length === 0) return;
    if (asNote) setMode(false);
    attach.disabled = true;
    try {
      for (const f of files.slice(0, 5)) o.sent((await ctx.api.sendFile(c.id, f, f.name || 'file')).message);
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    } finally {
      attach.disabled = replyBlocked !== undefined;
    }
  };
  picker.addEventListener('change', () => {
    void sendFiles(Array.from(picker.files ?? []));
    picker.value = '';
  });
  text.addEventListener('paste', (e) => {
    const files = Array.from(e.clipboardData?.files ?? []);
    if (files.length === 0) return;
    e.preventDefault();
    void sendFiles(files);
  });
  form.addEventListener('dragover', (e) => {
    if (!Array.from(e.dataTransfer?.types ?? []).includes('Files') || replyBlocked) return;
    e.preventDefault();
    form.classList.add('dropping');
  });
  form.addEventListener('dragleave', () => form.classList.remove('dropping'));
  form.addEventListener('drop', (e) => {
    form.classList.remove('dropping');
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length === 0) return;
    e.preventDefault();
    void sendFiles(files);
  });

  const setMode = (note: boolean) => {
    asNote = note;
    replyTab.setAttribute('aria-selected', String(!note));
    noteTab.setAttribute('aria-selected', String(note));
    form.classList.toggle('note', note);
    text.setAttribute('aria-label', note ? 'Internal note' : 'Reply');
    text.placeholder = note ? 'A note for your team; the visitor never sees it.' : (replyBlocked ?? replyHint);
    send.textContent = note ? 'Add note' : 'Send';
    text.disabled = !note && replyBlocked !== undefined;
    send.disabled = text.disabled;
    attach.disabled = replyBlocked !== undefined;
  };
  replyTab.addEventListener('click', () => setMode(false));
  noteTab.addEventListener('click', () => setMode(true));
  setMode(false);

  /** The `/word` being typed at the caret, if any. */
  const slashWord = () => /(?:^|\s)\/([a-z0-9-]*)$/.exec(text.value.slice(0, text.selectionStart));
  const matches = () => {
    const m = slashWord();
    return m ? canned.filter((r) => r.shortcut.startsWith(m[1])).slice(0, 8) : [];
  };
  const insert = (r: CannedReply) => {
    const m = slashWord();
    if (!m) return;
    const start = text.selectionStart - m[1].length - 1;
    text.value = `${text.value.slice(0, start)}${r.text}${text.value.slice(text.selectionStart)}`;
    text.selectionStart = text.selectionEnd = start + r.text.length;
    suggestions.hidden = true;
    text.focus();
  };
  const showSuggestions = () => {
    const found = matches();
    suggestions.hidden = found.length === 0;
    suggestions.replaceChildren(
      ...found.map((r, i) => {
        const item = el(
          'li',
          { role: 'option', 'aria-selected': String(i === 0) },
          el('strong', {}, `/${r.shortcut}`),
          ' ',
          el('span', { class: 'muted' }, r.text.length > 80 ? `${r.text.slice(0, 79)}…` : r.text),
        );
        item.addEventListener('mousedown', (e) => {
          e.preventDefault();
          insert(r);
        });
        return item;
      }),
    );
  };

  let typingSent = false;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  text.addEventListener('input', () => {
    showSuggestions();
    const c = o.conversation();
    if (asNote || !c || c.ownerAgentId !== ctx.agent.id) return;
    if (!typingSent) void act(ctx.live, 'agent:typing', { conversationId: c.id, on: true }).catch(() => undefined);
    typingSent = true;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => {
      typingSent = false;
      void act(ctx.live, 'agent:typing', { conversationId: c.id, on: false }).catch(() => undefined);
    }, 3000);
  });
  text.addEventListener('keydown', (e) => {
    const found = suggestions.hidden ? [] : matches();
    if ((e.key === 'Tab' || e.key === 'Enter') && found.length > 0 && !e.shiftKey) {
      e.preventDefault();
      insert(found[0]);
      return;
    }
    if (e.key === 'Escape') suggestions.hidden = true;
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = text.value.trim();
    const c = o.conversation();
    if (!body || !c) return;
    send.disabled = true;
    const payload = { conversationId: c.id, clientMessageId: newId(), text: body };
    (asNote ? act(ctx.live, 'agent:note', payload) : act(ctx.live, 'agent:reply', payload))
      .then((r) => {
        text.value = '';
        o.sent(r.message);
      })
      .catch((err) => ctx.toast(errorText(err), 'error'))
      .finally(() => {
        send.disabled = false;
        text.focus();
      });
  });
  return {
    form,
    /** Who may reply now changed (a takeover, a release, a close). */
    update() {
      const c = o.conversation();
      if (!c) return;
      const mine = c.ownerAgentId === ctx.agent.id;
      const owner = c.ownerAgentId ? (ctx.agentNames.get(c.ownerAgentId) ?? 'Another agent') : undefined;
      replyBlocked =
        c.mode === 'closed'
          ? 'This conversation is closed.'
          : owner && !mine && ctx.agent.role !== 'admin'
            ? `${owner} is handling this conversation.`
            : undefined;
      replyHint = mine
        ? 'Reply to the visitor… (Enter sends, Shift+Enter new line, / for canned replies)'
        : 'Reply to take over and answer the visitor… (/ for canned replies)';
      setMode(asNote);
    },
    focus: () => text.focus(),
    destroy: () => clearTimeout(typingTimer),
  };
}
