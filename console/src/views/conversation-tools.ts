import { el } from '../../../src/browser/dom';
import type { Conversation } from '../../../src/protocol/dto';
import { errorText, type Ctx } from '../context';
import { act } from '../live';

/** Tags and assignment for the open conversation, in its header. */
export function conversationTools(ctx: Ctx, c: Conversation, updated: (c: Conversation) => void): HTMLElement {
  const tags = el('input', {
    type: 'text',
    class: 'tags-input',
    'aria-label': 'Tags',
    placeholder: 'Tags, comma separated',
    value: (c.tags ?? []).join(', '),
  });
  const saveTags = () => {
    const next = tags.value
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    if (next.join(',') === (c.tags ?? []).join(',')) return;
    act(ctx.live, 'conversation:tags', { conversationId: c.id, tags: next }).then(
      (r) => updated(r.conversation),
      (err) => ctx.toast(errorText(err), 'error'),
    );
  };
  tags.addEventListener('change', saveTags);
  tags.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      saveTags();
    }
  });

  const assign = el(
    'select',
    { 'aria-label': 'Assign to' },
    el('option', { value: '' }, 'Assign to…'),
    ...[...ctx.agentNames]
      .filter(([id]) => id !== c.ownerAgentId)
      .map(([id, name]) => el('option', { value: id }, id === ctx.agent.id ? `${name} (me)` : name)),
  );
  assign.addEventListener('change', () => {
    if (!assign.value) return;
    act(ctx.live, 'conversation:assign', { conversationId: c.id, agentId: assign.value }).then(
      (r) => updated(r.conversation),
      (err) => {
        assign.value = '';
        ctx.toast(errorText(err), 'error');
      },
    );
  });
  return el('div', { class: 'conv-tools' }, tags, assign);
}
