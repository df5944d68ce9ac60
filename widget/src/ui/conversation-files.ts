import { el } from '../../../src/browser/dom';
import type { Attachment } from '../../../src/protocol/dto';
import type { ChatSession } from '../chat-session';
import type { Strings } from '../i18n/strings';
import { type FileAccess, photoViewer } from './attachment-view';

/**
 * The conversation's photos and files as the page shows them: each read once through the
 * session (the frame holds the visitor's token) and kept as an object URL for the page's life;
 * a photo opens over the panel, any other file is saved under its name.
 */
export class ConversationFiles implements FileAccess {
  private readonly urls = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly session: Pick<ChatSession, 'readFile'>,
    private readonly panel: HTMLElement,
    private readonly t: Strings,
  ) {}

  url(id: string, thumbnail: boolean): Promise<string | undefined> {
    const key = `${id}:${thumbnail ? 't' : 'o'}`;
    let url = this.urls.get(key);
    if (!url) {
      url = this.session.readFile(id, thumbnail).then((blob) => (blob ? URL.createObjectURL(blob) : undefined));
      this.urls.set(key, url);
    }
    return url;
  }

  open(a: Attachment): void {
    void this.show(a);
  }

  private async show(a: Attachment): Promise<void> {
    const url = await this.url(a.id, false);
    if (!url) return;
    if (a.type.startsWith('image/')) {
      const from = this.panel.querySelector<HTMLElement>('button.photo:focus');
      this.panel.append(photoViewer(url, a, this.t, () => from?.focus()));
      return;
    }
    const link = el('a', { href: url, download: a.name, hidden: true });
    this.panel.append(link);
    link.click();
    link.remove();
  }
}
