import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BaseDocumentLoader } from '@langchain/core/document_loaders/base';
import { slugify } from './imported-document';
import { CsvFaqLoader } from './loaders/csv-faq-loader';
import { DocxLoader, HtmlFileLoader } from './loaders/file-loaders';
import { PdfLoader } from './loaders/pdf-loader';
import { WebsiteLoader, type WebsiteOptions } from './loaders/website-loader';
import { ZendeskLoader } from './loaders/zendesk-loader';

const BY_EXTENSION: Record<string, (file: string) => BaseDocumentLoader> = {
  '.pdf': (f) => new PdfLoader(f),
  '.docx': (f) => new DocxLoader(f),
  '.html': (f) => new HtmlFileLoader(f),
  '.htm': (f) => new HtmlFileLoader(f),
  '.json': (f) => new ZendeskLoader(f),
  '.csv': (f) => new CsvFaqLoader(f),
};

export const SUPPORTED =
  'an http(s) URL (a start page or a sitemap .xml), or a .pdf, .docx, .html, .json (Zendesk export) or .csv (questions and answers) file, or a folder of them';

/**
 * The loaders for a source: a website for an http(s) URL, else one per supported file (a
 * folder's files, recursively, each under its subfolder as `prefix`). Throws, naming what is
 * supported, for anything else.
 */
export async function loadersFor(
  source: string,
  web: WebsiteOptions,
): Promise<{ loader: BaseDocumentLoader; prefix: string }[]> {
  if (/^https?:\/\//i.test(source)) return [{ loader: new WebsiteLoader(source, web), prefix: '' }];
  const info = await stat(source).catch(() => undefined);
  if (!info) throw new Error(`${source} does not exist. The source is ${SUPPORTED}.`);
  if (info.isFile()) {
    const make = BY_EXTENSION[path.extname(source).toLowerCase()];
    if (!make) throw new Error(`${source} is not a kind of file the importer reads. The source is ${SUPPORTED}.`);
    return [{ loader: make(source), prefix: '' }];
  }
  const files = (await readdir(source, { recursive: true }))
    .map((f) => path.join(source, f))
    .filter((f) => BY_EXTENSION[path.extname(f).toLowerCase()])
    .sort();
  const loaders: { loader: BaseDocumentLoader; prefix: string }[] = [];
  for (const f of files) {
    if (!(await stat(f)).isFile()) continue;
    const dir = path.relative(source, path.dirname(f));
    const prefix = dir
      ? `${dir
          .split(path.sep)
          .map((p) => slugify(p))
          .join('/')}/`
      : '';
    loaders.push({ loader: BY_EXTENSION[path.extname(f).toLowerCase()](f), prefix });
  }
  if (loaders.length === 0) throw new Error(`${source} holds no file the importer reads. The source is ${SUPPORTED}.`);
  return loaders;
}

/** Where a source's articles go by default: a folder named after the site or the file. */
export function defaultFolder(source: string): string {
  if (/^https?:\/\//i.test(source)) return slugify(new URL(source).hostname.replace(/^www\./, ''));
  return slugify(path.basename(path.resolve(source), path.extname(source)));
}
