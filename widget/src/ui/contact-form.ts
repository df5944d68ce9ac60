import { el } from '../../../src/browser/dom';
import type { HandoffState } from '../../../src/protocol/dto';
import type { Strings } from '../i18n/strings';

/**
 * Shown when nobody from the team can join: the visitor leaves an email and, if they like, a
 * message; the team replies by email. Dismissed with "No thanks" until the next offer.
 */
export class ContactForm {
  readonly node: HTMLFormElement;
  private readonly email: HTMLInputElement;
  private readonly message: HTMLTextAreaElement;
  private readonly error: HTMLParagraphElement;
  private readonly submit: HTMLButtonElement;
  private dismissedFor: HandoffState | undefined;

  constructor(t: Strings, leave: (email: string, message: string) => Promise<string | undefined>) {
    this.email = el('input', {
      id: 'ad-contact-email',
      type: 'email',
      required: true,
      autocomplete: 'email',
      maxlength: '254',
      placeholder: 'you@example.com',
    });
    this.message = el('textarea', { id: 'ad-contact-message', rows: '2', maxlength: '4000' });
    this.error = el('p', { class: 'contact-error', role: 'alert', hidden: true });
    this.submit = el('button', { type: 'submit', class: 'contact-send' }, t.send);
    const skip = el('button', { type: 'button', class: 'contact-skip' }, t.noThanks);
    this.node = el(
      'form',
      { class: 'contact', 'aria-label': t.contactForm, hidden: true, novalidate: true },
      el('p', { class: 'contact-title' }, t.contactTitle),
      el('label', { for: 'ad-contact-email' }, t.yourEmail),
      this.email,
      el('label', { for: 'ad-contact-message' }, t.yourMessageOptional),
      this.message,
      this.error,
      el('div', { class: 'contact-actions' }, this.submit, skip),
    );
    this.node.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!this.email.value.trim() || !this.email.checkValidity()) return this.showError(t.enterEmail);
      this.submit.disabled = true;
      void leave(this.email.value.trim(), this.message.value).then((err) => {
        this.submit.disabled = false;
        if (err) this.showError(err === 'bad_email' ? t.badEmail : err === 'not_connected' ? t.notConnected : err);
      });
    });
    this.email.addEventListener('input', () => (this.error.hidden = true));
    skip.addEventListener('click', () => {
      this.node.hidden = true;
      this.dismissedFor = this.current;
    });
  }

  private current: HandoffState | undefined;

  /** Shown while the latest hand-off is `offline`, unless the visitor said no to that one. */
  render(handoff: HandoffState | undefined): void {
    const wasHidden = this.node.hidden;
    this.current = handoff;
    this.node.hidden = handoff?.status !== 'offline' || handoff === this.dismissedFor;
    if (wasHidden && !this.node.hidden) {
      this.error.hidden = true;
      this.email.focus();
    }
  }

  private showError(text: string): void {
    this.error.textContent = text;
    this.error.hidden = false;
  }
}
