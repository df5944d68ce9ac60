import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';

export interface Article {
  title: string;
  markdown: string;
}

/**
 * HTML as Markdown, for a knowledge file: headings, lists, links, emphasis, code and tables
 * kept as Markdown; scripts, styles, forms and embedded frames dropped. Links and images become
 * absolute against `baseUrl`, so citations and pictures still point at the source.
 */
export function htmlToMarkdown(html: string, baseUrl?: string): string {
  const turndown = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
  });
  turndown.remove(['script', 'style', 'noscript', 'iframe', 'form', 'button', 'canvas', 'template']);
  turndown.remove((node) => node.nodeName.toLowerCase() === 'svg');
  turndown.addRule('absolute-links', {
    filter: (node) => node.nodeName === 'A' && Boolean(node.getAttribute('href')),
    replacement: (content, node) => {
      const href = absolute((node as HTMLElement).getAttribute('href') ?? '', baseUrl);
      const text = content.trim();
      if (!href || !text) return text;
      return `[${text}](${href})`;
    },
  });
  turndown.addRule('absolute-images', {
    filter: 'img',
    replacement: (_content, node) => {
      const src = absolute((node as HTMLElement).getAttribute('src') ?? '', baseUrl);
      const alt = ((node as HTMLElement).getAttribute('alt') ?? '').replace(/[[\]]/g, '');
      return src && /^https?:/.test(src) ? `![${alt}](${src})` : '';
    },
  });
  // "- item" and "1. item", as people write them (turndown pads markers to four columns).
  turndown.addRule('list-item', {
    filter: 'li',
    replacement: (content, node) => {
      const parent = node.parentNode as HTMLElement | null;
      let prefix = '- ';
      if (parent?.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? 1) || 1;
        prefix = `${start + Array.prototype.indexOf.call(parent.children, node)}. `;
      }
      const body = content
        .replace(/^\n+/, '')
        .replace(/\n+$/, '\n')
        .replace(/\n/gm, `\n${' '.repeat(prefix.length)}`);
      return `${prefix}${body.trimEnd()}${node.nextSibling ? '\n' : ''}`;
    },
  });
  turndown.addRule('table', {
    filter: 'table',
    replacement: (_content, node) => `\n\n${tableMarkdown(node as HTMLTableElement)}\n\n`,
  });
  return tidy(turndown.turndown(html));
}

/**
 * The main content of a web page, without its navigation, header, footer and sidebars (Mozilla's
 * Readability, as Firefox's reader view), as Markdown with its title. Pages Readability finds no
 * article in keep their `<main>` or `<body>`.
 */
export function articleFromPage(html: string, url?: string): Article {
  const { document } = parseHTML(html);
  const pageTitle = document.querySelector('h1')?.textContent?.trim() || document.title?.trim() || '';
  const parsed = new Readability(document.cloneNode(true) as unknown as Document, { charThreshold: 100 }).parse();
  const content =
    parsed?.content ??
    document.querySelector('main, article, [role=main]')?.innerHTML ??
    document.body?.innerHTML ??
    '';
  let markdown = htmlToMarkdown(content, url);
  const title = (pageTitle || parsed?.title?.trim() || 'Untitled').replace(/\s+/g, ' ');
  // The title becomes front matter; a first heading that repeats it goes.
  markdown = markdown.replace(/^#{1,2} (.+)\n+/, (line, heading: string) =>
    heading.trim().toLowerCase() === title.toLowerCase() ? '' : line,
  );
  return { title, markdown };
}

function absolute(href: string, base: string | undefined): string {
  const trimmed = href.trim();
  if (/^(?:javascript|data|vbscript):/i.test(trimmed)) return '';
  try {
    return base ? new URL(trimmed, base).href : trimmed;
  } catch {
    return trimmed;
  }
}

function tableMarkdown(table: HTMLTableElement): string {
  const rows = Array.from(table.querySelectorAll('tr')).map((tr) =>
    Array.from(tr.querySelectorAll('th, td')).map((cell) =>
      (cell.textContent ?? '').replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim(),
    ),
  );
  if (rows.length === 0) return '';
  const width = Math.max(...rows.map((r) => r.length));
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
  return [line(rows[0]), `|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)].join('\n');
}

function tidy(markdown: string): string {
  return `${markdown
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
