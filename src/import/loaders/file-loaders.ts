import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BaseDocumentLoader } from '@langchain/core/document_loaders/base';
import { articleFromPage, htmlToMarkdown } from '../html-to-markdown';
import { type ImportedDocument, importedDocument, slugify } from '../imported-document';

/** The file name without its extension, as a title when the file has none. */
function nameOf(file: string): string {
  return path.basename(file, path.extname(file)).replace(/[-_]+/g, ' ').trim() || 'Untitled';
}

/** A saved web page or exported HTML file: its main content, as the website importer reads pages. */
export class HtmlFileLoader extends BaseDocumentLoader {
  constructor(private readonly file: string) {
    super();
  }

  async load(): Promise<ImportedDocument[]> {
    const { title, markdown } = articleFromPage(await readFile(this.file, 'utf8'));
    const named = title === 'Untitled' ? nameOf(this.file) : title;
    return [
      importedDocument(markdown, { key: path.basename(this.file), title: named, slug: slugify(nameOf(this.file)) }),
    ];
  }
}

/**
 * A Word document through mammoth, which maps Word's styles to HTML (Heading 1 → h1, lists,
 * tables, bold, links), then to Markdown: the headings survive, so the bot can cite a section.
 * Images are left out (a knowledge file holds text).
 */
export class DocxLoader extends BaseDocumentLoader {
  constructor(private readonly file: string) {
    super();
  }

  async load(): Promise<ImportedDocument[]> {
    const mammoth = await import('mammoth');
    const { value: html } = await mammoth.convertToHtml(
      { buffer: await readFile(this.file) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    let markdown = htmlToMarkdown(html);
    const first = /^# (.+)\n+/.exec(markdown);
    const title = first?.[1].trim() || nameOf(this.file);
    if (first) markdown = markdown.slice(first[0].length);
    return [importedDocument(markdown, { key: path.basename(this.file), title, slug: slugify(nameOf(this.file)) })];
  }
}
