import { fileNameFor } from './file-name';
import { fileTypeOf } from './file-type';

describe('what a file is', () => {
  it('reads photos, PDF and text from their first bytes', () => {
    expect(fileTypeOf(Buffer.from('ffd8ffe000104a464946', 'hex'))).toBe('image/jpeg');
    expect(fileTypeOf(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('image/png');
    expect(fileTypeOf(Buffer.from('GIF89a\x01\x00', 'latin1'))).toBe('image/gif');
    expect(fileTypeOf(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe(
      'image/webp',
    );
    expect(fileTypeOf(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(fileTypeOf(Buffer.from('Order 42, lid broken.\r\n\tThanks — Zoë'))).toBe('text/plain');
  });

  it.each([
    ['HTML', '<!DOCTYPE html><p>hi'],
    ['HTML after blank lines', '\n\n  <html><body>'],
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['XML', '<?xml version="1.0"?><a/>'],
    ['a script', '<script>alert(1)</script>'],
    ['control characters', 'abc\u0001def'],
    ['an empty file', ''],
  ])('refuses %s', (_what, text) => {
    expect(() => fileTypeOf(Buffer.from(text))).toThrow(expect.objectContaining({ code: 'unsupported_file_type' }));
  });

  it('refuses what is not UTF-8 text and not a known format', () => {
    for (const hex of ['4d5a90000300', '7f454c460201', '504b0304140000', 'cafebabe', 'fffe3c00'])
      expect(() => fileTypeOf(Buffer.from(hex, 'hex'))).toThrow(
        expect.objectContaining({ code: 'unsupported_file_type' }),
      );
  });
});

describe('the name a file is kept under', () => {
  it('drops folders and characters no file system takes, and keeps a matching extension as written', () => {
    expect(fileNameFor('C:\\Users\\ada\\IMG_0042.JPEG', 'image/jpeg')).toBe('IMG_0042.JPEG');
    expect(fileNameFor('../../etc/passwd', 'text/plain')).toBe('passwd.txt');
    expect(fileNameFor('a"b<c>d|e:f*g?.png', 'image/png')).toBe('abcdefg.png');
    expect(fileNameFor('server.log', 'text/plain')).toBe('server.log');
  });

  it('gives a file its type’s extension when the name says otherwise', () => {
    expect(fileNameFor('invoice.html', 'image/png')).toBe('invoice.png');
    expect(fileNameFor('run.exe', 'application/pdf')).toBe('run.pdf');
    expect(fileNameFor('', 'image/webp')).toBe('file.webp');
    expect(fileNameFor('...', 'image/gif')).toBe('file.gif');
    expect(fileNameFor(`${'x'.repeat(300)}.pdf`, 'application/pdf')).toHaveLength(124);
  });
});
