import { Lexer, type Token, type Tokens } from 'marked';
import { onOrigin, safeUrl } from './safe-url';
import { slug } from './slug';
import { h, textOf, type VElement, type VNode } from './vnode';

export interface RenderOptions {
  /** Resolves relative links and images; without it they render as plain text. */
  baseUrl?: string;
  /**
   * Origins images may load from. Any other image becomes a link to it, so a knowledge file or
   * a model cannot make the visitor's browser fetch (and report to) a third-party server.
   * @default [] (no images load)
   */
  imageOrigins?: readonly string[];
  /** Replaces a citation `[n]` in text; return undefined to leave it as written. */
  citation?: (n: number) => VNode | undefined;
  /** Markdown heading level 1 becomes this element level (never above h2). @default 3 */
  headingBase?: 1 | 2 | 3 | 4;
  /** Gives headings an id (their slug), so `#anchor` links land on them. */
  headingIds?: boolean;
}

const CITATION = /\[(\d{1,2})\]/g;
const LINK_ATTRS = { target: '_blank', rel: 'noopener noreferrer nofollow ugc' };

/**
 * Markdown to an element tree with a fixed set of tags and attributes. Raw HTML in the source
 * is shown as text, never parsed, and every URL is checked; the tree is safe to mount as is.
 */
export function renderMarkdown(markdown: string, opts: RenderOptions = {}): VNode[] {
  const tokens = new Lexer({ gfm: true, breaks: true }).lex(markdown);
  return blocks(tokens, opts);
}

function blocks(tokens: Token[], o: RenderOptions): VNode[] {
  const out: VNode[] = [];
  for (const t of tokens) {
    const node = block(t, o);
    if (node) out.push(node);
  }
  return out;
}

function block(t: Token, o: RenderOptions): VNode | undefined {
  switch (t.type) {
    case 'space':
    case 'def':
      return undefined;
    case 'paragraph':
      return h('p', undefined, inline(t.tokens ?? [], o));
    case 'heading': {
      const level = Math.max(2, Math.min(6, (o.headingBase ?? 3) + (t as Tokens.Heading).depth - 1)) as
        | 2
        | 3
        | 4
        | 5
        | 6;
      const children = inline(t.tokens ?? [], o);
      return h(`h${level}`, o.headingIds ? { id: slug(textOf(children)) } : undefined, children);
    }
    case 'code': {
      const lang = /^[\w+-]{1,20}$/.test((t as Tokens.Code).lang ?? '')
        ? { class: `language-${(t as Tokens.Code).lang}` }
        : undefined;
      return h('pre', undefined, [h('code', lang, [(t as Tokens.Code).text])]);
    }
    case 'blockquote':
      return h('blockquote', undefined, blocks((t as Tokens.Blockquote).tokens, o));
    case 'hr':
      return h('hr', undefined, []);
    case 'list': {
      const list = t as Tokens.List;
      const items = list.items.map((item) => h('li', undefined, listItem(item, o)));
      const start =
        list.ordered && typeof list.start === 'number' && list.start !== 1 ? { start: String(list.start) } : undefined;
      return h(list.ordered ? 'ol' : 'ul', start, items);
    }
    case 'table':
      return table(t as Tokens.Table, o);
    case 'html':
      return h('p', undefined, [(t as Tokens.HTML).raw.trim()]);
    case 'text':
      return h('p', undefined, t.tokens ? inline(t.tokens, o) : [decode((t as Tokens.Text).text)]);
    default:
      return 'raw' in t && typeof t.raw === 'string' && t.raw.trim() ? h('p', undefined, [t.raw.trim()]) : undefined;
  }
}

function listItem(item: Tokens.ListItem, o: RenderOptions): VNode[] {
  const prefix: VNode[] = item.task ? [item.checked ? '☑ ' : '☐ '] : [];
  // A tight list item's text token holds inline tokens; a loose one holds blocks.
  const parts = item.tokens.flatMap((t): VNode[] => {
    if (t.type === 'text' && !item.loose)
      return (t as Tokens.Text).tokens ? inline((t as Tokens.Text).tokens!, o) : [decode((t as Tokens.Text).text)];
    const b = block(t, o);
    return b ? [b] : [];
  });
  return [...prefix, ...parts];
}

function table(t: Tokens.Table, o: RenderOptions): VElement {
  const cell = (c: Tokens.TableCell, tag: 'th' | 'td') =>
    h(tag, c.align ? { align: c.align } : undefined, inline(c.tokens, o));
  return h('table', undefined, [
    h('thead', undefined, [
      h(
        'tr',
        undefined,
        t.header.map((c) => cell(c, 'th')),
      ),
    ]),
    h(
      'tbody',
      undefined,
      t.rows.map((row) =>
        h(
          'tr',
          undefined,
          row.map((c) => cell(c, 'td')),
        ),
      ),
    ),
  ]);
}

function inline(tokens: Token[], o: RenderOptions): VNode[] {
  const out: VNode[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'text':
      case 'escape':
        if ((t as Tokens.Text).tokens?.length) out.push(...inline((t as Tokens.Text).tokens!, o));
        else out.push(...citations(decode((t as Tokens.Text).text), o));
        break;
      case 'strong':
        out.push(h('strong', undefined, inline((t as Tokens.Strong).tokens, o)));
        break;
      case 'em':
        out.push(h('em', undefined, inline((t as Tokens.Em).tokens, o)));
        break;
      case 'del':
        out.push(h('del', undefined, inline((t as Tokens.Del).tokens, o)));
        break;
      case 'codespan':
        out.push(h('code', undefined, [decode((t as Tokens.Codespan).text)]));
        break;
      case 'br':
        out.push(h('br', undefined, []));
        break;
      case 'link':
        out.push(link(t as Tokens.Link, o));
        break;
      case 'image':
        out.push(image(t as Tokens.Image, o));
        break;
      default:
        // Inline HTML and anything unknown: shown as the characters that were written.
        if ('raw' in t && typeof t.raw === 'string') out.push(t.raw);
    }
  }
  return merge(out);
}

function link(t: Tokens.Link, o: RenderOptions): VNode {
  const children = inline(t.tokens, o);
  const href = safeUrl(decode(t.href), o.baseUrl);
  if (!href) return h('span', undefined, children.length ? children : [t.text]);
  const attrs: Record<string, string> = { href, ...LINK_ATTRS };
  if (t.title) attrs.title = t.title;
  return h('a', attrs, children.length ? children : [href]);
}

function image(t: Tokens.Image, o: RenderOptions): VNode {
  const src = safeUrl(decode(t.href), o.baseUrl);
  const label = t.text || 'image';
  if (src && onOrigin(src, o.imageOrigins ?? [])) {
    return h('img', { src, alt: t.text, loading: 'lazy', referrerpolicy: 'no-referrer' }, []);
  }
  return src && /^https?:/.test(src) ? h('a', { href: src, ...LINK_ATTRS }, [`[${label}]`]) : `[${label}]`;
}

function citations(text: string, o: RenderOptions): VNode[] {
  if (!o.citation || !text.includes('[')) return [text];
  const out: VNode[] = [];
  let last = 0;
  for (const m of text.matchAll(CITATION)) {
    const node = o.citation(Number(m[1]));
    if (!node) continue;
    if (m.index! > last) out.push(text.slice(last, m.index));
    out.push(node);
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** Adjacent strings joined, so the tree stays small. */
function merge(nodes: VNode[]): VNode[] {
  const out: VNode[] = [];
  for (const n of nodes) {
    if (typeof n === 'string' && typeof out[out.length - 1] === 'string') out[out.length - 1] += n;
    else out.push(n);
  }
  return out;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** marked leaves entities as written; the tree holds text, so they are decoded here. */
function decode(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, e: string) => {
    if (e[0] !== '#') return NAMED[e.toLowerCase()] ?? whole;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}
