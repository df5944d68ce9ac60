import path from 'node:path';
import type { AttachmentType } from '../protocol/dto';

const EXTENSION: Record<AttachmentType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/gif': '.gif',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
};
const SAME: Record<string, string> = { '.jpeg': '.jpg', '.text': '.txt', '.log': '.txt' };
const MAX_NAME = 120;

/**
 * The name a file is shown and downloaded under: the sender's, without folders or control
 * characters, ending in its type's extension ("invoice.html" that is a PNG becomes
 * "invoice.png"), so that saving it can never make it something else.
 */
export function fileNameFor(given: string, type: AttachmentType): string {
  const base = path.posix.basename(given.replace(/\\/g, '/'));
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim();
  const ext = path.posix.extname(clean);
  const stem = (ext ? clean.slice(0, -ext.length) : clean).replace(/^\.+/, '').slice(0, MAX_NAME) || 'file';
  const want = EXTENSION[type];
  const lower = ext.toLowerCase();
  const kept = SAME[lower] === want || lower === want ? ext : want;
  return `${stem}${kept}`;
}
