import { el } from '../../src/browser/dom';
import type { Conversation } from '../../src/protocol/dto';
import { Alerts } from './alerts';
import type { Api } from './api';
import { act, type LiveSocket } from './live';
import { visitorLabel } from './views/transcript';

export const AWAY_KEY = 'answerdesk:away';

/**
 * The agent's presence and the alerts that reach them: the Online/Away toggle (visitors are
 * offered a person only while someone is online), the count of waiting visitors on the nav,
 * the title and the tab's icon, and a sound and desktop notification for each visitor who
 * asks for a person or leaves a message. Returns the controls for the nav.
 */
export function attention(o: {
  api: Api;
  live: LiveSocket;
  waitingBadge: HTMLElement;
  toast: (text: string, kind?: 'info' | 'error' | 'alert') => void;
  navigate: (hash: string) => void;
}): HTMLElement {
  const alerts = new Alerts();
  let away = localStorage.getItem(AWAY_KEY) === '1';

  const presence = el('button', { type: 'button', class: 'presence', 'aria-pressed': 'false' });
  const showPresence = () => {
    presence.textContent = away ? 'Away' : 'Online';
    presence.classList.toggle('away', away);
    presence.setAttribute('aria-pressed', String(!away));
    presence.title = away ? 'Visitors are not offered a person by you. Click to be online.' : 'Click to go away.';
  };
  presence.addEventListener('click', () => {
    away = !away;
    localStorage.setItem(AWAY_KEY, away ? '1' : '0');
    showPresence();
    act(o.live, 'agent:status', { away }).catch((err: Error) => o.toast(err.message, 'error'));
  });
  showPresence();

  const mute = el('button', { type: 'button', class: 'link small', 'aria-pressed': 'false' });
  const showMute = () => {
    mute.textContent = alerts.muted ? 'Alerts muted' : 'Alerts on';
    mute.setAttribute('aria-pressed', String(alerts.muted));
  };
  mute.addEventListener('click', () => {
    alerts.setMuted(!alerts.muted);
    showMute();
  });
  showMute();

  const allow = el('button', { type: 'button', class: 'link small' }, 'Enable desktop notifications');
  allow.hidden = alerts.permission !== 'default';
  allow.addEventListener(
    'click',
    () =>
      void alerts.askPermission().then((p) => {
        allow.hidden = p !== 'default';
        if (p === 'denied') o.toast('Desktop notifications are blocked in this browser’s site settings.', 'error');
      }),
  );

  const waiting = new Set<string>();
  const showWaiting = () => {
    o.waitingBadge.hidden = waiting.size === 0;
    o.waitingBadge.textContent = String(waiting.size);
    alerts.showCount(waiting.size);
  };
  const open = (c: Conversation) => o.navigate(`#/conversations?id=${encodeURIComponent(c.id)}`);
  o.live.on('conversation:updated', ({ conversation }) => {
    if (conversation.mode === 'waiting') waiting.add(conversation.id);
    else waiting.delete(conversation.id);
    showWaiting();
  });
  o.live.on('handoff:requested', ({ conversation }) => {
    waiting.add(conversation.id);
    showWaiting();
    const who = visitorLabel(conversation);
    o.toast(`${who} is waiting for a person.`, 'alert');
    alerts.alert(`${who} is waiting for a person`, conversation.preview, () => open(conversation));
  });
  o.live.on('offline:message', ({ conversation }) => {
    const who = conversation.contact?.email ?? visitorLabel(conversation);
    o.toast(`${who} left a message for the team.`, 'alert');
    alerts.alert(`${who} left a message`, conversation.contact?.message ?? '', () => open(conversation));
  });
  void o.api.conversations({ mode: 'waiting' }).then(
    (r) => {
      r.conversations.forEach((c) => waiting.add(c.id));
      showWaiting();
    },
    () => undefined,
  );
  return el('div', { class: 'attention' }, presence, mute, allow);
}
