import type { AttachmentType } from '../protocol/dto';
import { AppError } from '../errors';

/**
 * What a file is, read from its first bytes: the sender's name and Content-Type are not
 * believed. Only kinds a browser shows without running anything are taken: photos, PDF and
 * plain text. HTML, SVG, scripts and executables are refused whatever they are called.
 */
export function fileTypeOf(data: Buffer): AttachmentType {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(data, 0, 6) === 'GIF87a' || ascii(data, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(data, 0, 4) === 'RIFF' && ascii(data, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(data, 0, 5) === '%PDF-') return 'application/pdf';
  if (isPlainText(data)) return 'text/plain';
  throw new AppError('unsupported_file_type');
}

export function isImage(type: AttachmentType): boolean {
  return type.startsWith('image/');
}

function startsWith(data: Buffer, bytes: number[]): boolean {
  return data.length >= bytes.length && bytes.every((b, i) => data[i] === b);
}

function ascii(data: Buffer, from: number, to: number): string {
  return data.length >= to ? data.subarray(from, to).toString('latin1') : '';
}

/**
 * UTF-8 without control characters other than tabs and line breaks, and not markup a browser
 * would render (served as text/plain with nosniff it could not run, but an agent who saves it
 * as .html could).
 */
function isPlainText(data: Buffer): boolean {
  if (data.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return false;
  return !/^\s*<(?:!doctype|html|svg|\?xml|script|head|body)\b/i.test(text.slice(0, 1000));
}
