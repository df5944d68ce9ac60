import { initials } from '../../../src/browser/initials';
import { el } from '../../../src/browser/dom';
import { errorText, type Ctx, type View } from '../context';
import { act } from '../live';
import { businessHoursSection } from './business-hours';

/** The team: everyone sees who is on it; admins add and remove agents. */
export function agentsView(root: HTMLElement, ctx: Ctx): View {
  const list = el('table', { class: 'agents' });
  const isAdmin = ctx.agent.role === 'admin';
  const name = el('input', {
    type: 'text',
    required: true,
    'aria-label': 'Name',
    placeholder: 'Name',
    autocomplete: 'off',
  });
  const email = el('input', {
    type: 'email',
    required: true,
    'aria-label': 'Email',
    placeholder: 'email@company.com',
    autocomplete: 'off',
  });
  const password = el('input', {
    type: 'password',
    required: true,
    minlength: '8',
    'aria-label': 'Initial password',
    placeholder: 'Initial password (8+ characters)',
    autocomplete: 'new-password',
  });
  const role = el(
    'select',
    { 'aria-label': 'Role' },
    el('option', { value: 'agent' }, 'Agent'),
    el('option', { value: 'admin' }, 'Admin'),
  );
  const form = el(
    'form',
    { class: 'row add-agent', 'aria-label': 'Add an agent' },
    name,
    email,
    password,
    role,
    el('button', { type: 'submit', class: 'primary' }, 'Add agent'),
  );
  root.append(
    el('h1', {}, 'Team'),
    isAdmin ? form : el('p', { class: 'muted' }, 'Only admins can add or remove agents.'),
    list,
    businessHoursSection(ctx),
  );

  async function load(): Promise<void> {
    try {
      const [{ agents }, presence] = await Promise.all([
        ctx.api.agents(),
        act(ctx.live, 'presence:list', {}).catch(() => ({ online: [] as string[], away: [] as string[] })),
      ]);
      const status = (id: string) =>
        presence.online.includes(id) ? 'online' : presence.away.includes(id) ? 'away' : 'offline';
      for (const a of agents) ctx.agentNames.set(a.id, a.name);
      list.replaceChildren(
        el(
          'thead',
          {},
          el('tr', {}, ...['Name', 'Email', 'Role', 'Since', ''].map((h) => el('th', { scope: 'col' }, h))),
        ),
        el(
          'tbody',
          {},
          ...agents.map((a) => {
            const cell = el('td', {});
            if (isAdmin || a.id === ctx.agent.id) {
              const mine = a.id === ctx.agent.id;
              const rename = el('button', { type: 'button', class: 'small' }, mine ? 'Change my name' : 'Rename');
              rename.addEventListener('click', async () => {
                const name = prompt('The name visitors see on replies', a.name)?.trim();
                if (!name || name === a.name) return;
                try {
                  await ctx.api.rename(a.id, name);
                  ctx.agentNames.set(a.id, name);
                  ctx.toast(`Visitors now see “${name}”.`);
                  void load();
                } catch (err) {
                  ctx.toast(errorText(err), 'error');
                }
              });
              cell.append(rename);
              const b = el('button', { type: 'button', class: 'small' }, mine ? 'Change my password' : 'Set password');
              b.addEventListener('click', async () => {
                const currentPassword = mine ? prompt('Your current password') : undefined;
                if (mine && !currentPassword) return;
                const password = prompt(`New password for ${a.name} (at least 8 characters)`);
                if (!password) return;
                try {
                  await ctx.api.setPassword(a.id, { password, currentPassword: currentPassword ?? undefined });
                  ctx.toast(
                    mine ? 'Password changed: sign in again.' : `${a.name}'s password is set; they are signed out.`,
                  );
                } catch (err) {
                  ctx.toast(errorText(err), 'error');
                }
              });
              cell.append(b);
            }
            if (isAdmin && a.id !== ctx.agent.id) {
              const b = el('button', { type: 'button', class: 'danger small' }, 'Remove');
              b.addEventListener('click', async () => {
                if (!confirm(`Remove ${a.name}? They are signed out at once.`)) return;
                try {
                  await ctx.api.removeAgent(a.id);
                  void load();
                } catch (err) {
                  ctx.toast(errorText(err), 'error');
                }
              });
              cell.append(b);
            }
            return el(
              'tr',
              {},
              el(
                'td',
                {},
                el('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(a.name)),
                a.name,
                ' ',
                el('span', { class: `status ${status(a.id)}` }, status(a.id)),
              ),
              el('td', {}, a.email),
              el('td', {}, a.role),
              el('td', {}, new Date(a.createdAt).toLocaleDateString()),
              cell,
            );
          }),
        ),
      );
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    }
  }
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await ctx.api.addAgent({
        name: name.value.trim(),
        email: email.value.trim(),
        password: password.value,
        role: role.value as 'admin' | 'agent',
      });
      ctx.toast(`${name.value.trim()} can now sign in.`);
      form.reset();
      void load();
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    }
  });
  void load();
  return { destroy() {} };
}
