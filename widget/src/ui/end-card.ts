import { el } from '../../../src/browser/dom';
import type { Strings } from '../i18n/strings';

/**
 * At the end of a conversation (it was closed): a rating from 1 to 5 with an optional comment,
 * and a copy of the conversation by email.
 */
export class EndCard {
  readonly node: HTMLElement;
  private score = 0;
  private forConversation: string | undefined;
  private readonly stars: HTMLButtonElement[];
  private readonly comment: HTMLTextAreaElement;
  private readonly rated: HTMLParagraphElement;
  private readonly rateForm: HTMLFormElement;
  private readonly copyStatus: HTMLParagraphElement;

  constructor(
    t: Strings,
    o: {
      rate: (score: number, comment: string) => Promise<string | undefined>;
      email: (address: string) => Promise<string | undefined>;
    },
  ) {
    this.stars = [1, 2, 3, 4, 5].map((n) => {
      const b = el('button', { type: 'button', class: 'star', 'aria-label': t.stars(n), 'aria-pressed': 'false' }, '★');
      b.addEventListener('click', () => this.pick(n));
      return b;
    });
    this.comment = el('textarea', {
      rows: '2',
      maxlength: '2000',
      'aria-label': t.commentOptional,
      placeholder: t.commentPlaceholder,
    });
    this.rated = el('p', { class: 'end-status', role: 'status' });
    this.rateForm = el(
      'form',
      { class: 'end-rate', 'aria-label': t.rateConversation },
      el('p', { class: 'end-title' }, t.howWasIt),
      el('div', { class: 'stars', role: 'group', 'aria-label': t.yourRating }, ...this.stars),
      this.comment,
      el('button', { type: 'submit', class: 'contact-send' }, t.sendRating),
    );
    this.rateForm.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!this.score) return this.say(this.rated, t.pickStars);
      void o.rate(this.score, this.comment.value).then((err) => {
        if (err) return this.say(this.rated, err === 'not_connected' ? t.notConnected : err);
        this.rateForm.hidden = true;
        this.say(this.rated, t.thanksRating);
      });
    });
    const address = el('input', {
      type: 'email',
      autocomplete: 'email',
      'aria-label': t.yourEmail,
      placeholder: 'you@example.com',
    });
    this.copyStatus = el('p', { class: 'end-status', role: 'status' });
    const copy = el(
      'form',
      { class: 'end-copy', 'aria-label': t.emailCopy },
      address,
      el('button', { type: 'submit', class: 'contact-skip' }, t.emailCopy),
    );
    copy.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!address.value.trim() || !address.checkValidity()) return this.say(this.copyStatus, t.enterEmail);
      void o
        .email(address.value.trim())
        .then((err) =>
          this.say(
            this.copyStatus,
            err === 'bad_email'
              ? t.badEmail
              : err === 'not_connected'
                ? t.notConnected
                : (err ?? t.copySent(address.value.trim())),
          ),
        );
    });
    this.node = el(
      'section',
      { class: 'end-card', hidden: true, 'aria-label': t.endOfConversation },
      this.rateForm,
      this.rated,
      copy,
      this.copyStatus,
    );
  }

  /** Shown while the conversation is closed; a new one starts it afresh. */
  render(closed: boolean, conversationId: string | undefined): void {
    if (conversationId !== this.forConversation) {
      this.forConversation = conversationId;
      this.pick(0);
      this.rateForm.hidden = false;
      this.comment.value = '';
      this.rated.textContent = '';
      this.copyStatus.textContent = '';
    }
    this.node.hidden = !closed;
  }

  private pick(n: number): void {
    this.score = n;
    if (n > 0) this.rated.textContent = '';
    this.stars.forEach((s, i) => s.setAttribute('aria-pressed', String(i < n)));
  }

  private say(where: HTMLElement, text: string): void {
    where.textContent = text;
  }
}
