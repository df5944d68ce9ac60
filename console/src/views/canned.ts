import { el } from '../../../src/browser/dom';
import type { CannedReply } from '../../../src/protocol/http-api';
import { errorText, type Ctx, type View } from '../context';

/** The team's canned replies: type `/shortcut` in a reply to put one in. */
export function cannedView(root: HTMLElement, ctx: Ctx): View {
  const list = el('ul', { class: 'canned-list', 'aria-label': 'Canned replies' });
  const shortcut = el('input', {
    type: 'text',
    required: true,
    pattern: '[a-z0-9][a-z0-9-]{0,31}',
    'aria-label': 'Shortcut',
    placeholder: 'shortcut (letters, digits, dashes)',
    autocomplete: 'off',
  });
  const text = el('textarea', { rows: '3', required: true, 'aria-label': 'Reply text', placeholder: 'The reply…' });
  const save = el('button', { type: 'submit', class: 'primary' }, 'Add canned reply');
  const cancel = el('button', { type: 'button', class: 'link', hidden: true }, 'Cancel');
  const form = el(
    'form',
    { class: 'canned-form', 'aria-label': 'Canned reply' },
    shortcut,
    text,
    el('div', { class: 'row' }, save, cancel),
  );
  let editing: string | undefined;
  const reset = () => {
    editing = undefined;
    shortcut.value = '';
    text.value = '';
    save.textContent = 'Add canned reply';
    cancel.hidden = true;
  };
  cancel.addEventListener('click', reset);
  root.append(
    el('h1', {}, 'Canned replies'),
    el('p', { class: 'muted' }, 'Type / and a shortcut in a reply to put one in (Tab or Enter picks the first).'),
    form,
    list,
  );

  async function load(): Promise<void> {
    try {
      const { replies } = await ctx.api.cannedReplies();
      list.replaceChildren(...replies.map(row));
      if (replies.length === 0) list.append(el('li', { class: 'muted' }, 'No canned replies yet.'));
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    }
  }

  function row(r: CannedReply): HTMLElement {
    const edit = el('button', { type: 'button', class: 'small' }, 'Edit');
    edit.addEventListener('click', () => {
      editing = r.id;
      shortcut.value = r.shortcut;
      text.value = r.text;
      save.textContent = 'Save changes';
      cancel.hidden = false;
      text.focus();
    });
    const remove = el('button', { type: 'button', class: 'small danger' }, 'Delete');
    remove.addEventListener('click', async () => {
      if (!confirm(`Delete /${r.shortcut}?`)) return;
      try {
        await ctx.api.deleteCannedReply(r.id);
        void load();
      } catch (err) {
        ctx.toast(errorText(err), 'error');
      }
    });
    return el(
      'li',
      { 'data-shortcut': r.shortcut },
      el('strong', {}, `/${r.shortcut}`),
      el('p', {}, r.text),
      el('div', { class: 'row' }, edit, remove),
    );
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await ctx.api.saveCannedReply({ id: editing, shortcut: shortcut.value.trim(), text: text.value });
      reset();
      void load();
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    }
  });
  void load();
  return { destroy() {} };
}
