import { el } from '../../src/browser/dom';
import type { Agent } from '../../src/protocol/http-api';
import { Api } from './api';
import { attention, AWAY_KEY } from './attention';
import type { Ctx, View } from './context';
import { connectLive, type LiveSocket } from './live';
import { agentsView } from './views/agents';
import { cannedView } from './views/canned';
import { conversationsView } from './views/conversations';
import { gapsView } from './views/gaps';
import { knowledgeView } from './views/knowledge';
import { latencyView } from './views/latency';
import { loginView } from './views/login';

const TOKEN_KEY = 'answerdesk:console-token';
const root = document.getElementById('app')!;
const api = new Api(localStorage.getItem(TOKEN_KEY) ?? undefined);

const ROUTES: Record<string, (root: HTMLElement, ctx: Ctx, params: URLSearchParams) => View> = {
  conversations: conversationsView,
  knowledge: knowledgeView,
  gaps: (r, c) => gapsView(r, c),
  latency: (r, c) => latencyView(r, c),
  agents: (r, c) => agentsView(r, c),
  canned: (r, c) => cannedView(r, c),
};

let live: LiveSocket | undefined;
let view: View | undefined;
let viewListeners: [string, (...args: unknown[]) => void][] = [];

function signOut(): void {
  live?.disconnect();
  live = undefined;
  view?.destroy();
  localStorage.removeItem(TOKEN_KEY);
  api.setToken(undefined);
  document.title = 'Answerdesk console';
  loginView(root, api, (token, agent) => {
    localStorage.setItem(TOKEN_KEY, token);
    api.setToken(token);
    start(token, agent);
  });
}
api.onUnauthorized = signOut;

/** The signed-in console: navigation, live status, hand-off alerts and the current page. */
function start(token: string, agent: Agent): void {
  const agentNames = new Map<string, string>([[agent.id, agent.name]]);
  void api.agents().then(
    (r) => r.agents.forEach((a) => agentNames.set(a.id, a.name)),
    () => undefined,
  );
  const main = el('main', { class: 'main', id: 'main', tabindex: '-1' });
  const toasts = el('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
  const liveDot = el('span', { class: 'live-dot', role: 'status', 'aria-label': 'Connecting' });
  const waitingBadge = el('span', { class: 'badge', hidden: true });
  const link = (hash: string, label: string, extra?: Node) =>
    el('a', { href: hash, 'data-route': hash.slice(2) }, label, extra ?? '');
  const signOutButton = el('button', { type: 'button', class: 'link' }, 'Sign out');
  const nav = el(
    'nav',
    { class: 'side', 'aria-label': 'Console' },
    el('div', { class: 'brand' }, 'Answerdesk', liveDot),
    link('#/conversations', 'Conversations', waitingBadge),
    link('#/knowledge', 'Knowledge'),
    link('#/gaps', 'Knowledge gaps'),
    link('#/latency', 'Latency'),
    link('#/canned', 'Canned replies'),
    link('#/agents', 'Team'),
    el(
      'div',
      { class: 'me' },
      el('strong', {}, agent.name),
      el('span', { class: 'muted small' }, `${agent.email} · ${agent.role}`),
      signOutButton,
    ),
  );
  root.replaceChildren(
    el('a', { href: '#main', class: 'skip' }, 'Skip to content'),
    el('div', { class: 'app' }, nav, main),
    toasts,
  );
  signOutButton.addEventListener('click', () => void api.logout().finally(signOut));

  const toast = (text: string, kind: 'info' | 'error' | 'alert' = 'info') => {
    const t = el('div', { class: `toast ${kind}` }, text);
    toasts.append(t);
    setTimeout(() => t.remove(), kind === 'error' ? 8000 : 5000);
  };

  live = connectLive(token, () => localStorage.getItem(AWAY_KEY) === '1', {
    onStatus: (online) => {
      liveDot.classList.toggle('on', online);
      liveDot.setAttribute('aria-label', online ? 'Live' : 'Reconnecting');
    },
    onUnauthorized: signOut,
  });
  const controls = attention({
    api,
    live,
    waitingBadge,
    toast,
    navigate: (hash) => {
      location.hash = hash;
    },
  });
  nav.querySelector('.me')?.prepend(controls);

  const ctx: Ctx = {
    api,
    live,
    agent,
    agentNames,
    toast,
    navigate: (hash) => {
      location.hash = hash;
    },
    on: (event, fn) => {
      live!.on(event as never, fn as never);
      viewListeners.push([event, fn as (...args: unknown[]) => void]);
    },
  };

  const route = () => {
    const [, name = 'conversations', query = ''] = /^#\/([a-z]+)\??(.*)$/.exec(location.hash) ?? [];
    const render = ROUTES[name] ?? ROUTES.conversations;
    view?.destroy();
    for (const [event, fn] of viewListeners) live?.off(event as never, fn as never);
    viewListeners = [];
    main.replaceChildren();
    nav
      .querySelectorAll('a[data-route]')
      .forEach((a) => a.toggleAttribute('aria-current', a.getAttribute('data-route') === name));
    view = render(main, ctx, new URLSearchParams(query));
  };
  window.onhashchange = route;
  route();
}

const stored = localStorage.getItem(TOKEN_KEY);
if (stored) {
  api.me().then(
    (r) => start(stored, r.agent),
    () => signOut(),
  );
} else signOut();
