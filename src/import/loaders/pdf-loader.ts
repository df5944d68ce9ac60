import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BaseDocumentLoader } from '@langchain/core/document_loaders/base';
import type { TextItem } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { type ImportedDocument, importedDocument, slugify } from '../imported-document';

interface Line {
  text: string;
  size: number;
  y: number;
  page: number;
}

/** A line this much larger than the body text is a heading. */
const HEADING_RATIO = 1.2;

/**
 * A PDF (a manual, a returns policy) through pdf.js: its text, line by line, with paragraphs
 * where the spacing says so, headings where the type is larger than the body's, bullets as
 * lists, and page numbers dropped. PDFs hold no structure, so this reads the layout.
 */
export class PdfLoader extends BaseDocumentLoader {
  constructor(private readonly file: string) {
    super();
  }

  async load(): Promise<ImportedDocument[]> {
    const pdfjs = await loadPdfJs();
    const doc = await pdfjs.getDocument({
      data: new Uint8Array(await readFile(this.file)),
      isEvalSupported: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
    try {
      const lines: Line[] = [];
      for (let n = 1; n <= doc.numPages; n++) {
        const content = await (await doc.getPage(n)).getTextContent();
        lines.push(
          ...linesOf(
            content.items.filter((i): i is TextItem => 'str' in i),
            n,
          ),
        );
      }
      const info = (await doc.getMetadata().catch(() => undefined))?.info;
      const name = path.basename(this.file, path.extname(this.file));
      const { title, markdown } = toMarkdown(lines, info?.Title?.trim() || undefined);
      return [
        importedDocument(markdown, {
          key: path.basename(this.file),
          title: title ?? name.replace(/[-_]+/g, ' '),
          slug: slugify(name),
        }),
      ];
    } finally {
      await doc.destroy();
    }
  }
}

/**
 * pdf.js, without its warning that it cannot render pages: install's prepare step removes its
 * renderer (@napi-rs/canvas), which reading text does not use.
 */
async function loadPdfJs() {
  const { log, warn } = console;
  const quiet =
    (to: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (!/Cannot (?:polyfill|load)/.test(String(args[0]))) to(...args);
    };
  console.log = quiet(log);
  console.warn = quiet(warn);
  try {
    return await import('pdfjs-dist/legacy/build/pdf.mjs');
  } finally {
    console.log = log;
    console.warn = warn;
  }
}

function linesOf(items: TextItem[], page: number): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const item of items) {
    const y = item.transform[5];
    const size = Math.abs(item.transform[3]) || item.height;
    if (current && Math.abs(current.y - y) > size * 0.5) {
      lines.push(current);
      current = undefined;
    }
    if (!current) current = { text: '', size: 0, y, page };
    current.text += item.str;
    if (item.str.trim()) current.size = Math.max(current.size, size);
    if (item.hasEOL) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  return lines
    .map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() }))
    .filter((l) => l.text && !/^(?:page )?\d+(?: of \d+)?$/i.test(l.text));
}

function toMarkdown(lines: Line[], metaTitle: string | undefined): { title?: string; markdown: string } {
  const sizes = lines.map((l) => l.size).sort((a, b) => a - b);
  const body = sizes[Math.floor(sizes.length / 2)] ?? 0;
  const big = (l: Line) => l.size >= body * HEADING_RATIO && l.text.length <= 120;
  // The largest type on the first page is the document's title, when its metadata has none.
  const largest = Math.max(0, ...lines.filter((l) => l.page === 1 && big(l)).map((l) => l.size));
  const title = metaTitle ?? lines.find((l) => l.page === 1 && big(l) && l.size === largest)?.text;
  // Heading levels by size, largest first, the title's line aside.
  const headingSizes = [...new Set(lines.filter((l) => big(l) && l.text !== title).map((l) => l.size))].sort(
    (a, b) => b - a,
  );
  const out: string[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) out.push(para.join(' '));
    para = [];
  };
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    if (big(line)) {
      flush();
      if (line.text === title) return;
      out.push(`${'#'.repeat(Math.min(4, 2 + headingSizes.indexOf(line.size)))} ${line.text}`);
      return;
    }
    const bullet = /^[•●▪◦·\-–*]\s*(.*)$/.exec(line.text);
    if (bullet) {
      flush();
      out.push(`- ${bullet[1]}`);
      return;
    }
    // A new paragraph where the gap to the line before is wider than a line's, or on a new page.
    const gap = prev && prev.page === line.page ? prev.y - line.y : 0;
    if (!prev || prev.page !== line.page || gap > line.size * 1.8) flush();
    para.push(line.text);
  });
  flush();
  const markdown = out
    .join('\n\n')
    .replace(/(^- .*)\n\n(?=- )/gm, '$1\n')
    .trim();
  return { title, markdown: `${markdown}\n` };
}
