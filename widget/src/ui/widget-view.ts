import type { ChatSession } from '../chat-session';
import type { Strings } from '../i18n/strings';
import { ContactForm } from './contact-form';
import { EndCard } from './end-card';
import { contrastText, type WidgetConfig } from '../config';
import { awaitingAnswer, timeline, type TimelineItem } from '../state/timeline';
import { el, icon, ICONS } from '../../../src/browser/dom';
import { messageView, pendingView, streamView, type ViewContext } from './message-view';
import { STYLES } from './styles';
import { FileSender } from './file-sender';
import { ConversationFiles } from './conversation-files';

const modeBanner = (t: Strings, mode: string): { text: string; info?: boolean } | undefined =>
  mode === 'waiting'
    ? { text: t.waiting, info: true }
    : mode === 'agent'
      ? { text: t.withAgent, info: true }
      : mode === 'closed'
        ? { text: t.closed }
        : undefined;

/**
 * The launcher and the panel inside a shadow root. Rows of the message list are keyed and
 * rebuilt only when their data changes, so a streaming answer touches one node per frame.
 */
export class WidgetView {
  private readonly root: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly badge: HTMLSpanElement;
  private readonly panel: HTMLElement;
  private readonly banner: HTMLDivElement;
  private readonly log: HTMLDivElement;
  private readonly intro: HTMLDivElement;
  private readonly dots: HTMLDivElement;
  private readonly announcer: HTMLDivElement;
  private readonly form: HTMLFormElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly newConversation: HTMLButtonElement;
  private readonly humanButton: HTMLButtonElement;
  private readonly contact: ContactForm;
  private readonly end: EndCard;
  private readonly sender: FileSender;
  private readonly files: ConversationFiles;
  private readonly rows = new Map<string, { node: HTMLElement; data: unknown }>();
  private frame = 0;
  private isOpen = false;
  private unsubscribe: () => void;
  private readonly heard = new Set<string>();
  private heardSession = -1;

  constructor(
    shadow: ShadowRoot,
    private readonly cfg: WidgetConfig,
    private readonly client: ChatSession,
  ) {
    // A constructed sheet is not subject to the host page's CSP `style-src`, so sites with a
    // strict policy need no 'unsafe-inline' for us; older browsers get a <style> element.
    if ('adoptedStyleSheets' in shadow && 'replaceSync' in CSSStyleSheet.prototype) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLES);
      shadow.adoptedStyleSheets = [sheet];
    } else shadow.append(el('style', {}, STYLES));
    this.root = el('div', { class: `root ${cfg.position} ${cfg.theme}`, lang: cfg.t.lang });
    this.root.style.setProperty('--ad-color', cfg.color);
    this.root.style.setProperty('--ad-on-color', contrastText(cfg.color));
    // Links on white need contrast; a light brand colour falls back to a dark blue.
    this.root.style.setProperty('--ad-link', contrastText(cfg.color) === '#ffffff' ? cfg.color : '#1d4ed8');

    this.badge = el('span', { class: 'badge', hidden: true, 'aria-hidden': 'true' });
    this.launcher = el(
      'button',
      {
        type: 'button',
        class: 'launcher',
        'aria-label': cfg.t.openChat(cfg.title, 0),
        'aria-expanded': 'false',
        'aria-controls': 'ad-panel',
      },
      icon(...ICONS.chat),
      this.badge,
    );
    this.launcher.addEventListener('click', () => (this.isOpen ? this.close() : this.open()));

    this.humanButton = el('button', { type: 'button', class: 'human' }, cfg.t.talkToPerson);
    this.humanButton.addEventListener('click', () => void this.client.requestHuman());
    const closeButton = el(
      'button',
      { type: 'button', class: 'icon-btn', 'aria-label': cfg.t.closeButton },
      icon(...ICONS.close),
    );
    closeButton.addEventListener('click', () => this.close(true));

    this.banner = el('div', { class: 'banner', role: 'status', hidden: true });
    this.intro = el('div', { class: 'intro' });
    this.dots = el(
      'div',
      { class: 'dots', role: 'status', 'aria-label': cfg.t.assistantTyping, hidden: true },
      el('span', {}),
      el('span', {}),
      el('span', {}),
    );
    this.log = el('div', {
      class: 'log',
      role: 'log',
      'aria-live': 'off',
      'aria-label': cfg.t.conversation,
      tabindex: '0',
    });
    this.announcer = el('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });

    this.input = el('textarea', {
      id: 'ad-input',
      rows: '1',
      maxlength: '4000',
      placeholder: cfg.t.writeMessage,
      'aria-label': cfg.t.yourMessage,
      autocomplete: 'off',
      enterkeyhint: 'send',
    });
    this.sendButton = el(
      'button',
      { type: 'submit', class: 'send', 'aria-label': cfg.t.sendMessage },
      icon(...ICONS.send),
    );
    this.newConversation = el('button', { type: 'button', class: 'new-conv', hidden: true }, cfg.t.newConversation);
    this.newConversation.addEventListener('click', () => {
      this.client.startNewConversation();
      this.input.focus();
    });
    this.sender = new FileSender(cfg.t, {
      send: (file, name) => this.client.sendFile(file, name),
      state: () => ({
        conversationId: this.client.conversation.conversationId,
        botAnswering: this.client.conversation.mode === 'bot',
        closed: this.client.conversation.mode === 'closed',
      }),
    });
    this.form = el(
      'form',
      { 'aria-label': cfg.t.sendForm },
      this.sender.button,
      this.sender.input,
      this.input,
      this.sendButton,
      this.newConversation,
    );
    this.contact = new ContactForm(cfg.t, (email, message) => this.client.leaveMessage(email, message));
    this.end = new EndCard(cfg.t, {
      rate: (score, comment) => this.client.rateConversation(score, comment),
      email: (address) => this.client.emailTranscript(address),
    });
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
    this.input.addEventListener('keydown', (e) => {
      // Enter sends, Shift+Enter is a new line; an IME composing a word keeps its Enter.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.autosize();
      this.client.setTyping(this.input.value.trim() !== '');
    });

    this.panel = el(
      'section',
      {
        id: 'ad-panel',
        class: 'panel',
        role: 'dialog',
        'aria-modal': 'false',
        'aria-labelledby': 'ad-title',
        hidden: true,
      },
      el(
        'header',
        {},
        cfg.logo ? el('img', { class: 'logo', src: cfg.logo, alt: '', referrerpolicy: 'no-referrer' }) : '',
        el(
          'div',
          { class: 'titles' },
          el('h2', { id: 'ad-title' }, cfg.title),
          el('p', { class: 'subtitle' }, cfg.t.subtitle),
        ),
        this.humanButton,
        closeButton,
      ),
      this.banner,
      this.log,
      this.contact.node,
      this.end.node,
      this.sender.status,
      this.form,
      this.announcer,
    );
    this.sender.wire(this.panel, this.input);
    this.files = new ConversationFiles(client, this.panel, cfg.t);
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close(true);
      }
    });
    this.log.append(this.intro, this.dots);
    this.renderIntro();
    this.root.append(this.panel, this.launcher);
    shadow.append(this.root);
    this.unsubscribe = client.subscribe(() => this.schedule());
    this.render();
  }

  open(): void {
    if (this.isOpen) return;
    this.isOpen = true;
    this.panel.hidden = false;
    this.root.classList.add('open');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.launcher.setAttribute('aria-label', this.cfg.t.closeChat(this.cfg.title));
    this.client.setPanelOpen(true);
    this.render();
    this.scrollToEnd();
    this.input.focus();
  }

  /** `returnFocus`: the visitor closed it from inside, so focus goes back to the launcher. */
  close(returnFocus = false): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.panel.hidden = true;
    this.root.classList.remove('open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', this.cfg.t.openChat(this.cfg.title, 0));
    this.client.setPanelOpen(false);
    if (returnFocus) this.launcher.focus();
  }

  get opened(): boolean {
    return this.isOpen;
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    this.unsubscribe();
    this.root.remove();
  }

  private submit(): void {
    const text = this.input.value;
    if (!text.trim() || this.client.conversation.mode === 'closed') return;
    this.client.send(text);
    this.input.value = '';
    this.autosize();
  }

  private autosize(): void {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight + 2, 120)}px`;
  }

  private renderIntro(): void {
    const buttons = this.cfg.suggestions.map((q) => {
      const b = el('button', { type: 'button' }, q);
      b.addEventListener('click', () => {
        this.client.send(q);
        this.input.focus();
      });
      return b;
    });
    this.intro.append(el('div', { class: 'greeting' }, this.cfg.greeting));
    if (buttons.length)
      this.intro.append(
        el('div', { class: 'suggestions', role: 'group', 'aria-label': this.cfg.t.suggestedQuestions }, ...buttons),
      );
  }

  /** Coalesces bursts of deltas into one DOM update per frame. */
  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    const { conversation: conv, outbox, status, unread } = this.client;
    const online = status === 'online';
    const mode = conv.mode;

    this.badge.hidden = unread === 0 || this.isOpen;
    this.badge.textContent = unread > 9 ? '9+' : String(unread);
    this.launcher.setAttribute(
      'aria-label',
      this.isOpen ? this.cfg.t.closeChat(this.cfg.title) : this.cfg.t.openChat(this.cfg.title, unread),
    );

    const wait = mode === 'waiting' ? conv.handoff?.expectedWaitMinutes : undefined;
    const banner =
      !online && status !== 'connecting'
        ? { text: this.cfg.t.connectionLost }
        : wait
          ? {
              text: this.cfg.t.waitingFor(wait),
              info: true,
            }
          : modeBanner(this.cfg.t, mode);
    this.contact.render(conv.handoff);
    this.end.render(mode === 'closed', conv.conversationId);
    this.banner.hidden = !banner;
    this.banner.textContent = banner?.text ?? '';
    this.banner.classList.toggle('info', !!banner?.info);
    this.humanButton.hidden = mode !== 'bot';

    const closed = mode === 'closed';
    this.input.hidden = closed;
    this.sendButton.hidden = closed;
    this.sender.button.hidden = closed;
    this.newConversation.hidden = !closed;

    const items = timeline(conv, outbox.all());
    this.intro.querySelector('.suggestions')?.toggleAttribute('hidden', items.length > 0);
    const stick = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 40;
    this.renderRows(items, { online });
    this.dots.hidden = !awaitingAnswer(conv, outbox.all()) || !online;
    if (conv.agentTyping) {
      this.dots.hidden = false;
      this.dots.setAttribute('aria-label', this.cfg.t.agentTyping);
    } else this.dots.setAttribute('aria-label', this.cfg.t.assistantTyping);
    this.log.append(this.dots);
    this.announceLast(items);
    if (stick) this.scrollToEnd();
  }

  private renderRows(items: TimelineItem[], state: { online: boolean }): void {
    const ctx: ViewContext = {
      serverUrl: this.cfg.serverUrl,
      pageUrl: location.href,
      online: state.online,
      canAskHuman: this.client.conversation.mode === 'bot',
      onRate: (id, rating) => void this.client.rate(id, rating),
      onAskHuman: () => void this.client.requestHuman(),
      onDismiss: (id) => this.client.dismiss(id),
      botAvatar: this.cfg.avatar,
      files: this.files,
      t: this.cfg.t,
    };
    const seen = new Set<string>();
    let prev: Element = this.intro;
    for (const item of items) {
      seen.add(item.key);
      const data = item.kind === 'message' ? item.message : item.kind === 'stream' ? item.stream : item.pending;
      // The context changes what pending rows and answers show (online, can ask for a human).
      const version = item.kind === 'pending' ? `${state.online}` : item.kind === 'message' ? `${ctx.canAskHuman}` : '';
      let row = this.rows.get(item.key);
      if (!row || row.data !== data || (row.node.dataset.v ?? '') !== version) {
        const node =
          item.kind === 'message'
            ? messageView(item.message, ctx)
            : item.kind === 'stream'
              ? streamView(item.stream, ctx)
              : pendingView(item.pending, ctx);
        node.dataset.v = version;
        if (row) row.node.replaceWith(node);
        row = { node, data };
        this.rows.set(item.key, row);
      }
      if (prev.nextElementSibling !== row.node) prev.after(row.node);
      prev = row.node;
    }
    for (const [key, row] of this.rows) {
      if (!seen.has(key)) {
        row.node.remove();
        this.rows.delete(key);
      }
    }
  }

  /**
   * The live region: screen readers hear each finished reply once. The log itself is not live,
   * since rows are rebuilt when they change (a rating, a streamed answer ending).
   */
  private announceLast(items: TimelineItem[]): void {
    // History replayed by a (re)connect is not news; only replies that arrive afterwards are.
    const replay = this.client.sessions !== this.heardSession;
    this.heardSession = this.client.sessions;
    let news: TimelineItem | undefined;
    for (const item of items) {
      if (item.kind !== 'message' || item.message.role === 'visitor' || this.heard.has(item.key)) continue;
      this.heard.add(item.key);
      if (!replay) news = item;
    }
    if (news?.kind !== 'message') return;
    const t = this.cfg.t;
    const who = news.message.role === 'bot' ? t.assistant : news.message.role === 'agent' ? t.supportAgent : t.notice;
    this.announcer.textContent = `${who}: ${news.message.text.replace(/\[(\d+)\]/g, '').slice(0, 500)}`;
  }

  private scrollToEnd(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}
