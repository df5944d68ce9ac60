import type { Attachment } from '../../../src/protocol/dto';
import { el, icon, ICONS } from '../../../src/browser/dom';
import type { Strings } from '../i18n/strings';
import { sizeText } from '../../../src/browser/size-text';

/** How attachments get their bytes: object URLs of what the frame read with the visitor's token. */
export interface FileAccess {
  url(id: string, thumbnail: boolean): Promise<string | undefined>;
  /** Shows a photo large, or saves a file. */
  open(a: Attachment): void;
}

/** A message's photos (thumbnails that open large) and files (buttons that download). */
export function attachmentsView(list: Attachment[], files: FileAccess, t: Strings): HTMLElement {
  return el(
    'div',
    { class: 'attachments' },
    ...list.map((a) => {
      if (a.type.startsWith('image/')) {
        const img = el('img', {
          alt: a.name,
          ...(a.width && a.height ? { width: String(a.width), height: String(a.height) } : {}),
        });
        void files.url(a.id, true).then((src) => src && img.setAttribute('src', src));
        const b = el('button', { type: 'button', class: 'photo', 'aria-label': t.openPhoto(a.name) }, img);
        b.addEventListener('click', () => files.open(a));
        return b;
      }
      const b = el(
        'button',
        { type: 'button', class: 'file' },
        icon(...ICONS.file),
        el('span', { class: 'sr-only' }, `${t.download} `),
        el('span', { class: 'name' }, a.name),
        el('span', { class: 'size' }, sizeText(a.size)),
      );
      b.addEventListener('click', () => files.open(a));
      return b;
    }),
  );
}

/** A photo over the conversation, closed by its button, Escape or a click beside it. */
export function photoViewer(src: string, a: Attachment, t: Strings, onClose: () => void): HTMLElement {
  const close = el('button', { type: 'button', class: 'icon-btn', 'aria-label': t.closeButton }, icon(...ICONS.close));
  const node = el(
    'div',
    { class: 'viewer', role: 'dialog', 'aria-label': t.photoViewer, tabindex: '-1' },
    close,
    el('img', { src, alt: a.name }),
  );
  const done = () => {
    node.remove();
    onClose();
  };
  close.addEventListener('click', done);
  node.addEventListener('click', (e) => e.target === node && done());
  node.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      done();
    }
  });
  queueMicrotask(() => close.focus());
  return node;
}
