import { readFile } from 'node:fs/promises';
import { BaseDocumentLoader } from '@langchain/core/document_loaders/base';
import { htmlToMarkdown } from '../html-to-markdown';
import { type ImportedDocument, importedDocument, slugify } from '../imported-document';

interface ZendeskArticle {
  id?: number | string;
  title?: string;
  body?: string | null;
  html_url?: string;
  draft?: boolean;
  section_id?: number | string;
}

interface ZendeskSection {
  id?: number | string;
  name?: string;
}

/**
 * A Zendesk Help Center export: what its API's `GET /api/v2/help_center/articles.json` returns
 * (`{ articles: [...] }`, one page or several saved side by side), or a plain array of articles.
 * Each published article becomes a file, in a folder per section when the export lists its
 * `sections`; citations link to the article's `html_url`. Drafts are skipped.
 */
export class ZendeskLoader extends BaseDocumentLoader {
  constructor(private readonly file: string) {
    super();
  }

  async load(): Promise<ImportedDocument[]> {
    let data: unknown;
    try {
      data = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      throw new Error(`${this.file} is not valid JSON.`);
    }
    const root = data as { articles?: unknown; sections?: unknown };
    const articles = (Array.isArray(data) ? data : root.articles) as ZendeskArticle[] | undefined;
    if (!Array.isArray(articles))
      throw new Error(`${this.file} is not a Zendesk Help Center export: it has no "articles" list.`);
    const sections = new Map<string, string>();
    for (const s of (Array.isArray(root.sections) ? root.sections : []) as ZendeskSection[])
      if (s.id !== undefined && s.name) sections.set(String(s.id), slugify(s.name));
    return articles
      .filter((a) => !a.draft && a.title?.trim() && typeof a.body === 'string')
      .map((a) => {
        const title = a.title!.trim();
        const folder = a.section_id !== undefined ? sections.get(String(a.section_id)) : undefined;
        const name = `${a.id !== undefined ? `${a.id}-` : ''}${slugify(title, 60)}`;
        return importedDocument(htmlToMarkdown(a.body!, a.html_url), {
          key: a.id !== undefined ? `zendesk:${a.id}` : (a.html_url ?? title),
          title,
          ...(a.html_url && /^https?:\/\//.test(a.html_url) ? { url: a.html_url } : {}),
          slug: folder ? `${folder}/${name}` : name,
        });
      });
  }
}
