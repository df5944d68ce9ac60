import { el } from '../../../src/browser/dom';
import { ago, errorText, type Ctx, type View } from '../context';

/** Questions the bot could not answer or that got a thumbs down, grouped, each one click from a new article. */
export function gapsView(root: HTMLElement, ctx: Ctx): View {
  const windowSelect = el(
    'select',
    { 'aria-label': 'Period' },
    el('option', { value: '1d' }, 'Last day'),
    el('option', { value: '7d' }, 'Last 7 days'),
    el('option', { value: '30d' }, 'Last 30 days'),
  );
  windowSelect.value = '7d';
  const list = el('ol', { class: 'gaps', 'aria-label': 'Knowledge gaps' });
  root.append(
    el('h1', {}, 'Knowledge gaps'),
    el(
      'p',
      { class: 'muted' },
      'What visitors asked that the knowledge base did not answer well, grouped by similar wording. Write the missing article and the bot answers the next visitor.',
    ),
    el('div', { class: 'row' }, windowSelect),
    list,
  );

  async function load(): Promise<void> {
    try {
      const { groups } = await ctx.api.gaps(windowSelect.value);
      list.replaceChildren(
        ...groups.map((g) => {
          const write = el('button', { type: 'button', class: 'primary small' }, 'Write an article for this');
          write.addEventListener('click', () =>
            ctx.navigate(
              `#/knowledge?new=${encodeURIComponent(g.suggestedPath)}&title=${encodeURIComponent(g.question)}`,
            ),
          );
          return el(
            'li',
            { class: 'gap' },
            el('div', { class: 'count', 'aria-label': `${g.count} times` }, String(g.count)),
            el(
              'div',
              { class: 'what' },
              el('strong', {}, g.question),
              el(
                'p',
                { class: 'small muted' },
                `${g.unanswered} not answered · ${g.ratedDown} thumbs down · last ${ago(g.lastAskedAt)} · `,
                ...g.conversationIds
                  .slice(0, 3)
                  .flatMap((id, i) => [
                    i ? ', ' : '',
                    el('a', { href: `#/conversations?id=${encodeURIComponent(id)}` }, `conversation ${i + 1}`),
                  ]),
              ),
              g.examples.length > 1 && el('ul', { class: 'examples small' }, ...g.examples.map((e) => el('li', {}, e))),
            ),
            write,
          );
        }),
      );
      if (!groups.length)
        list.append(
          el(
            'li',
            { class: 'muted' },
            'No gaps in this period: every question found an answer, and none got a thumbs down.',
          ),
        );
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    }
  }
  windowSelect.addEventListener('change', () => void load());
  void load();
  return { destroy() {} };
}
