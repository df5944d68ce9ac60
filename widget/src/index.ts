import type { IdentityClaim } from '../../src/protocol/dto';
import { FrameChatClient } from './frame-client';
import { readConfig } from './config';
import { browserStore } from './storage';
import { WidgetView } from './ui/widget-view';

/** `window.Answerdesk`: what the embedding page can do. */
export interface AnswerdeskApi {
  open(): void;
  close(): void;
  /**
   * Tells the support team who the visitor is. Signed by the site's backend (`userHash` or
   * `jwt`), it is shown to agents as verified and the visitor's history follows them across
   * devices; unsigned, agents see it as the visitor's own word.
   */
  identify(identity: IdentityClaim): void;
  /** The site's user signed out: the widget forgets them and starts as a new visitor. */
  logout(): void;
  /** Removes the widget and closes its connection. */
  destroy(): void;
  readonly version: string;
  /**
   * Calls made before the script loaded, as `['open']` or `['identify', { … }]`; run in order
   * once it has. After that, a push runs at once.
   */
  q: { push(...calls: unknown[]): number };
}

/** What a page may set before the script loads: `window.Answerdesk = window.Answerdesk || { q: [] }`. */
interface Stub {
  q?: unknown;
  version?: undefined;
}

declare global {
  interface Window {
    Answerdesk?: AnswerdeskApi;
  }
}

const CALLS = ['open', 'close', 'identify', 'logout', 'destroy'] as const;

const TAG = 'answerdesk-widget';
const VERSION = '1';

function boot(): void {
  // A second copy of the tag (or a page that re-runs scripts) keeps the first widget; a page's
  // queue of early calls is taken over.
  const early = window.Answerdesk as AnswerdeskApi | Stub | undefined;
  if (early?.version || document.querySelector(TAG)) return;
  const queued = early && Array.isArray(early.q) ? (early.q as unknown[]) : [];
  const script = document.currentScript as HTMLScriptElement | null;
  const cfg = readConfig(
    script?.dataset ?? {},
    script?.src,
    location.href,
    navigator.languages ?? [navigator.language],
  );
  // Only the panel's open state is kept in the host page; the conversation and the visitor's
  // token live in the frame, on the Answerdesk origin.
  const session = browserStore('session', `answerdesk:${cfg.serverUrl}:`);

  const host = document.createElement(TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  const client = new FrameChatClient(cfg.serverUrl, shadow, script?.dataset.locale);
  const view = new WidgetView(shadow, cfg, client);

  const mount = () => {
    document.body.append(host);
    // The panel stays open across pages of the site, as the visitor left it.
    const wasOpen = session.get('open');
    if (wasOpen === '1' || (wasOpen === undefined && cfg.open)) view.open();
  };
  const remember = () => session.set('open', view.opened ? '1' : '0');
  client.subscribe(remember);

  const api: AnswerdeskApi = {
    version: VERSION,
    open: () => view.open(),
    close: () => view.close(),
    identify: (identity) => {
      const clean: IdentityClaim = {};
      const limits = { name: 120, email: 254, userId: 200, userHash: 64, jwt: 4096 } as const;
      for (const [key, max] of Object.entries(limits) as [keyof IdentityClaim, number][]) {
        const value = identity?.[key];
        if (typeof value === 'string' || typeof value === 'number') clean[key] = String(value).slice(0, max);
      }
      client.identify(clean);
    },
    logout: () => client.logout(),
    destroy: () => {
      view.destroy();
      client.destroy();
      host.remove();
      delete window.Answerdesk;
    },
    q: {
      push: (...calls) => {
        calls.forEach(run);
        return 0;
      },
    },
  };
  /** One queued call: a known method's name and its argument; anything else is ignored. */
  function run(call: unknown): void {
    if (!Array.isArray(call) || !(CALLS as readonly unknown[]).includes(call[0])) return;
    const name = call[0] as (typeof CALLS)[number];
    if (name === 'identify') api.identify(call[1] as IdentityClaim);
    else api[name]();
  }
  window.Answerdesk = api;
  const ready = () => {
    mount();
    // In the order the page made them, once the widget is on the page.
    for (const call of queued) run(call);
  };
  if (document.body) ready();
  else document.addEventListener('DOMContentLoaded', ready, { once: true });
  window.dispatchEvent(new CustomEvent('answerdesk:ready'));
}

boot();
