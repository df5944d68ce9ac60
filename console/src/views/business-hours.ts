import { el } from '../../../src/browser/dom';
import { ago, errorText, type Ctx } from '../context';

/** The team's business hours on the Team page: admins change them, everyone sees them. */
export function businessHoursSection(ctx: Ctx): HTMLElement {
  const isAdmin = ctx.agent.role === 'admin';
  const hours = el('input', {
    type: 'text',
    'aria-label': 'Opening hours',
    placeholder: 'mon-fri 09:00-17:30, sat 10:00-14:00 (empty: always open)',
    disabled: !isAdmin,
  });
  const timeZone = el('input', {
    type: 'text',
    'aria-label': 'Time zone',
    placeholder: 'Europe/Paris',
    disabled: !isAdmin,
  });
  const holidays = el('input', {
    type: 'text',
    'aria-label': 'Holidays',
    placeholder: '2026-12-25, 2027-01-01',
    disabled: !isAdmin,
  });
  const status = el('p', { class: 'muted small', role: 'status' });
  const save = el('button', { type: 'submit', class: 'primary', hidden: !isAdmin }, 'Save hours');
  const form = el(
    'form',
    { class: 'hours-form', 'aria-label': 'Business hours' },
    el('h2', {}, 'Business hours'),
    el('p', { class: 'muted small' }, 'Outside them, a visitor who asks for a person is asked for an email instead.'),
    hours,
    el('div', { class: 'row' }, timeZone, holidays, save),
    status,
  );
  const show = (r: Awaited<ReturnType<Ctx['api']['businessHours']>>) => {
    hours.value = r.hours;
    timeZone.value = r.timeZone;
    holidays.value = r.holidays;
    const source =
      r.source === 'console' ? 'set here' : r.source === 'config' ? 'from the server’s settings' : 'always open';
    status.textContent = `${r.open ? 'Open now' : `Closed now${r.nextOpening ? `; back ${new Date(r.nextOpening).toLocaleString()}` : ''}`} (${source}).`;
  };
  void ctx.api.businessHours().then(show, (err) => ctx.toast(errorText(err), 'error'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    ctx.api
      .setBusinessHours({ hours: hours.value, timeZone: timeZone.value || 'UTC', holidays: holidays.value })
      .then((r) => {
        show(r);
        ctx.toast(`Business hours saved ${ago(new Date().toISOString())}.`);
      })
      .catch((err) => ctx.toast(errorText(err), 'error'));
  });
  return form;
}
