import { BaseDocumentLoader } from '@langchain/core/document_loaders/base';
import { parseHTML } from 'linkedom';
import robotsParser from 'robots-parser';
import { articleFromPage } from '../html-to-markdown';
import { type ImportedDocument, importedDocument, slugOfUrl } from '../imported-document';

export const USER_AGENT = 'AnswerdeskImporter/1.0 (+https://github.com/answerdesk)';

export interface WebsiteOptions {
  /** Pages read at most. */
  limit: number;
  /** Longest wait for one page. @default 15000 */
  timeoutMs?: number;
  /** Progress lines for the operator. */
  log?: (line: string) => void;
}

/** Pages with fewer words than this are link lists (a category, a home page): read for links, not kept. */
const MIN_WORDS = 25;
const NOT_PAGES = /\.(?:pdf|zip|gz|png|jpe?g|gif|webp|svg|ico|css|js|json|xml|mp4|mp3|docx?|xlsx?|pptx?)$/i;
const MAX_CRAWL_DELAY_MS = 5000;

/**
 * A help site, from its sitemap (a source ending in `.xml`) or by following links from a start
 * page: pages of that site only (same origin), at most `limit`, none that its robots.txt
 * disallows for us or marks `noindex`, at the pace its `Crawl-delay` asks. Each page's main
 * content (Readability) becomes an article that cites the page.
 */
export class WebsiteLoader extends BaseDocumentLoader {
  constructor(
    private readonly source: string,
    private readonly o: WebsiteOptions,
  ) {
    super();
  }

  async load(): Promise<ImportedDocument[]> {
    const start = new URL(this.source);
    const robotsUrl = new URL('/robots.txt', start.origin).href;
    const robotsTxt = await this.text(robotsUrl).catch(() => undefined);
    const robots = robotsParser(robotsUrl, robotsTxt?.body ?? '');
    const allowed = (u: URL) => u.origin === start.origin && robots.isAllowed(u.href, USER_AGENT) !== false;
    const delayMs = Math.min(MAX_CRAWL_DELAY_MS, (robots.getCrawlDelay(USER_AGENT) ?? 0) * 1000);

    const fromSitemap = /\.xml$/i.test(start.pathname);
    const queue: URL[] = fromSitemap ? await this.sitemapPages(start) : [start];
    const seen = new Set(queue.map(canonical));
    const docs: ImportedDocument[] = [];
    let read = 0;
    while (queue.length > 0 && read < this.o.limit) {
      const url = queue.shift()!;
      if (!allowed(url)) {
        this.o.log?.(`skipped ${url.href}: disallowed by robots.txt`);
        continue;
      }
      if (read > 0 && delayMs) await new Promise((r) => setTimeout(r, delayMs));
      read++;
      const page = await this.text(url.href).catch((err: Error) => {
        this.o.log?.(`skipped ${url.href}: ${err.message}`);
        return undefined;
      });
      if (!page || !/html/i.test(page.type)) continue;
      const final = new URL(page.url);
      if (final.origin !== start.origin) continue;
      const { document } = parseHTML(page.body);
      const robotsMeta = document.querySelector('meta[name="robots" i]')?.getAttribute('content') ?? '';
      if (!fromSitemap)
        for (const a of Array.from(document.querySelectorAll('a[href]'))) {
          const next = link(a.getAttribute('href') ?? '', final);
          if (next && !seen.has(canonical(next)) && allowed(next)) {
            seen.add(canonical(next));
            queue.push(next);
          }
        }
      if (/noindex/i.test(robotsMeta)) continue;
      const { title, markdown } = articleFromPage(page.body, final.href);
      if (markdown.split(/\s+/).length < MIN_WORDS) continue;
      docs.push(
        importedDocument(markdown, { key: canonical(final), title, url: canonical(final), slug: slugOfUrl(final) }),
      );
      this.o.log?.(`read ${final.href}`);
    }
    if (queue.length > 0) this.o.log?.(`stopped at the page limit (${this.o.limit}); ${queue.length} more found`);
    return docs;
  }

  /** Every page URL of a sitemap, following a sitemap index one level down. */
  private async sitemapPages(sitemap: URL, depth = 0): Promise<URL[]> {
    const { body } = await this.text(sitemap.href);
    const locs = [...body.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)].map((m) => m[1].replace(/&amp;/g, '&'));
    const urls = locs.flatMap((l) => {
      try {
        return [new URL(l)];
      } catch {
        return [];
      }
    });
    if (/<sitemapindex/i.test(body) && depth === 0) {
      const nested = await Promise.all(urls.map((u) => this.sitemapPages(u, 1).catch(() => [])));
      return nested.flat();
    }
    return urls.filter((u) => u.origin === sitemap.origin);
  }

  private async text(url: string): Promise<{ body: string; type: string; url: string }> {
    const res = await fetch(url, {
      headers: { 'user-agent': USER_AGENT, accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5' },
      redirect: 'follow',
      signal: AbortSignal.timeout(this.o.timeoutMs ?? 15_000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return { body: await res.text(), type: res.headers.get('content-type') ?? '', url: res.url || url };
  }
}

/** A link of the page worth following: http(s), not a file, without its #fragment. */
function link(href: string, base: URL): URL | undefined {
  try {
    const u = new URL(href, base);
    if (!/^https?:$/.test(u.protocol) || NOT_PAGES.test(u.pathname)) return undefined;
    u.hash = '';
    return u;
  } catch {
    return undefined;
  }
}

/** One page, however linked: no fragment, no trailing slash but the root's. */
function canonical(u: URL): string {
  const c = new URL(u.href);
  c.hash = '';
  if (c.pathname.length > 1) c.pathname = c.pathname.replace(/\/+$/, '');
  return c.href;
}
