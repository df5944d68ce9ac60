import { Document } from '@langchain/core/documents';

/** What an importer knows of each article besides its Markdown (a LangChain Document's metadata). */
export interface ImportedMeta {
  /** Stable across runs for the same article at the source (its URL, its id, its row's question). */
  key: string;
  title: string;
  /** Where the article lives at the source: citations link there. */
  url?: string;
  /** The file it becomes, relative to the import's folder, without `.md`: `/` separates folders. */
  slug: string;
}

export type ImportedDocument = Document<ImportedMeta>;

export function importedDocument(markdown: string, meta: ImportedMeta): ImportedDocument {
  return new Document<ImportedMeta>({ pageContent: markdown, metadata: meta });
}

/** A file-name-safe, lower-case slug: "Reset your password!" → "reset-your-password". */
export function slugify(text: string, max = 80): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return slug || 'article';
}

/** A URL's path as a slug with folders: /help/articles/Reset-Password.html → help/articles/reset-password. */
export function slugOfUrl(url: URL): string {
  const parts = url.pathname
    .replace(/\.(?:html?|php|aspx?)$/i, '')
    .split('/')
    .filter(Boolean)
    .map((p) => slugify(decodeURIComponent(p)));
  return parts.length ? parts.join('/') : 'index';
}
