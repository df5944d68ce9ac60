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
}

declare global {
  interface Window {
    Answerdesk?: AnswerdeskApi;
  }
}

const TAG = 'answerdesk-widget';
const VERSION = '1';

function boot(): void {
  // A second copy of the tag (or a page that re-runs scripts) keeps the first widget.
  if (window.Answerdesk || document.querySelector(TAG)) return;
  const script = document.currentScript as HTMLScriptElement | null;
  const cfg = readConfig(script?.dataset ?? {}, script?.src, location.href);
  // Only the panel's open state is kept in the host page; the conversation and the visitor's
  // token live in the frame, on the Answerdesk origin.
  const session = browserStore('session', `answerdesk:${cfg.serverUrl}:`);

  const host = document.createElement(TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  const client = new FrameChatClient(cfg.serverUrl, shadow);
  const view = new WidgetView(shadow, cfg, client);

  const mount = () => {
    document.body.append(host);
    // The panel stays open across pages of the site, as the visitor left it.
    const wasOpen = session.get('open');
    if (wasOpen === '1' || (wasOpen === undefined && cfg.open)) view.open();
  };
  const remember = () => session.set('open', view.opened ? '1' : '0');
  client.subscribe(remember);

  window.Answerdesk = {
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
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });
  window.dispatchEvent(new CustomEvent('answerdesk:ready'));
}

boot();
