import { ATTACHMENT_TYPES } from '../../../src/protocol/formats';
import { el, icon, ICONS } from '../../../src/browser/dom';
import type { Strings } from '../i18n/strings';

/** What the server takes; the picker offers only these (the server checks the content anyway). */
const ACCEPT = ATTACHMENT_TYPES.join(',');
/** Files sent at once from one pick, drop or paste. */
const MAX_AT_ONCE = 5;
const NOTICE_MS = 8000;

/**
 * Sending photos and files: the paperclip and its picker, dropping files on the panel, pasting
 * one into the message box. Shows what is being sent and why a file was refused; after the
 * first file sent to the bot, says that a person can look at it.
 */
export class FileSender {
  readonly button: HTMLButtonElement;
  readonly status: HTMLDivElement;
  /** The picker the paperclip opens; it goes beside the button (nothing interactive may sit inside one). */
  readonly input: HTMLInputElement;
  private readonly hinted = new Set<string>();

  constructor(
    private readonly t: Strings,
    private readonly o: {
      send(file: Blob, name: string): Promise<string | undefined>;
      /** The conversation and whether the bot is the one answering. */
      state(): { conversationId?: string; botAnswering: boolean; closed: boolean };
    },
  ) {
    this.input = el('input', { type: 'file', accept: ACCEPT, multiple: true, hidden: true, tabindex: '-1' });
    this.input.addEventListener('change', () => {
      void this.sendAll(Array.from(this.input.files ?? []));
      this.input.value = '';
    });
    this.button = el(
      'button',
      { type: 'button', class: 'attach', 'aria-label': t.attachFile, title: t.attachFile },
      icon(...ICONS.clip),
    );
    this.button.addEventListener('click', () => this.input.click());
    this.status = el('div', { class: 'uploads', role: 'status' });
  }

  /** Drops on `panel` and pastes into `box` send their files. */
  wire(panel: HTMLElement, box: HTMLTextAreaElement): void {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
    panel.addEventListener('dragover', (e) => {
      if (!hasFiles(e) || this.o.state().closed) return;
      e.preventDefault();
      panel.classList.add('dropping');
      panel.dataset.drop = this.t.dropToSend;
    });
    panel.addEventListener('dragleave', (e) => {
      if (!panel.contains(e.relatedTarget as Node | null)) panel.classList.remove('dropping');
    });
    panel.addEventListener('drop', (e) => {
      panel.classList.remove('dropping');
      if (!hasFiles(e)) return;
      e.preventDefault();
      void this.sendAll(Array.from(e.dataTransfer?.files ?? []));
    });
    box.addEventListener('paste', (e) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length === 0) return;
      e.preventDefault();
      void this.sendAll(files);
    });
  }

  private async sendAll(files: File[]): Promise<void> {
    if (this.o.state().closed) return;
    for (const file of files.slice(0, MAX_AT_ONCE)) {
      const name = file.name || 'file';
      const line = this.line(this.t.sendingFile(name));
      const error = await this.o.send(file, name);
      line.remove();
      if (error) this.line(this.errorText(error), true);
      else this.hint();
    }
  }

  /** Once per conversation the bot answers: it cannot read files, a person can. */
  private hint(): void {
    const { conversationId, botAnswering } = this.o.state();
    if (!botAnswering || !conversationId || this.hinted.has(conversationId)) return;
    this.hinted.add(conversationId);
    this.line(this.t.fileHint);
  }

  private errorText(code: string): string {
    switch (code) {
      case 'file_too_large':
        return this.t.fileTooLarge;
      case 'unsupported_file_type':
        return this.t.fileTypeRefused;
      case 'uploads_disabled':
        return this.t.uploadsOff;
      case 'not_connected':
        return this.t.notConnected;
      default:
        return this.t.fileFailed;
    }
  }

  private line(text: string, error = false): HTMLElement {
    const node = el('p', { class: error ? 'error' : '' }, text);
    this.status.append(node);
    if (!text.endsWith('…')) setTimeout(() => node.remove(), NOTICE_MS);
    return node;
  }
}
