import { el } from '../../../src/browser/dom';
import type { Attachment } from '../../../src/protocol/dto';
import { sizeText } from '../../../src/browser/size-text';
import { errorText, type Ctx } from '../context';

/** A message's photos (thumbnails that open full size) and files (download under their name). */
export function attachmentList(list: Attachment[], ctx: Ctx): HTMLElement {
  return el(
    'ul',
    { class: 'attachments', 'aria-label': 'Files' },
    ...list.map((a) => {
      if (a.type.startsWith('image/')) {
        const img = el('img', {
          alt: a.name,
          ...(a.width && a.height ? { width: String(a.width), height: String(a.height) } : {}),
        });
        ctx.api.fileUrl(a.id, true).then(
          (src) => img.setAttribute('src', src),
          () => img.setAttribute('alt', `${a.name} (no longer available)`),
        );
        const open = el('button', { type: 'button', class: 'photo', title: `Open ${a.name}` }, img);
        open.addEventListener('click', () => void showPhoto(a, ctx));
        return el(
          'li',
          {},
          open,
          el('span', { class: 'muted' }, `${a.name} · ${a.width}×${a.height} · ${sizeText(a.size)}`),
        );
      }
      const get = el('button', { type: 'button', class: 'link' }, `${a.name}`);
      get.addEventListener('click', () => void download(a, ctx));
      return el('li', {}, get, el('span', { class: 'muted' }, ` ${a.type} · ${sizeText(a.size)}`));
    }),
  );
}

async function showPhoto(a: Attachment, ctx: Ctx): Promise<void> {
  try {
    const src = await ctx.api.fileUrl(a.id, false);
    const close = el('button', { type: 'button' }, 'Close');
    const dialog = el(
      'dialog',
      { class: 'photo-viewer', 'aria-label': a.name },
      el('img', { src, alt: a.name }),
      close,
    );
    close.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => dialog.remove());
    dialog.addEventListener('click', (e) => e.target === dialog && dialog.close());
    document.body.append(dialog);
    dialog.showModal();
  } catch (err) {
    ctx.toast(errorText(err), 'error');
  }
}

async function download(a: Attachment, ctx: Ctx): Promise<void> {
  try {
    const link = el('a', { href: await ctx.api.fileUrl(a.id, false), download: a.name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
  } catch (err) {
    ctx.toast(errorText(err), 'error');
  }
}
