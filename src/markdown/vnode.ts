/**
 * A tiny element tree: what the Markdown renderer produces and what the widget, the console and
 * the server's article page turn into DOM or HTML. Strings are text and are never parsed as HTML.
 */
export type VNode = string | VElement;

export interface VElement {
  tag: AllowedTag;
  attrs?: Record<string, string>;
  children: VNode[];
}

/** The only elements rendered Markdown can contain. */
export const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'hr',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'sup',
  'span',
] as const;
export type AllowedTag = (typeof ALLOWED_TAGS)[number];

/** The only attributes, per element; everything else is dropped before it reaches a document. */
export const ALLOWED_ATTRS: Partial<Record<AllowedTag, readonly string[]>> = {
  a: ['href', 'title', 'target', 'rel', 'class', 'data-cite'],
  img: ['src', 'alt', 'title', 'loading', 'referrerpolicy'],
  code: ['class'],
  ol: ['start'],
  th: ['align'],
  td: ['align'],
  sup: ['class'],
  span: ['class'],
  h2: ['id'],
  h3: ['id'],
  h4: ['id'],
  h5: ['id'],
  h6: ['id'],
};

export function h(tag: AllowedTag, attrs: Record<string, string> | undefined, children: VNode[]): VElement {
  return attrs ? { tag, attrs, children } : { tag, children };
}

/** The text content of a tree, as `textContent` would give it. */
export function textOf(nodes: VNode[]): string {
  return nodes.map((n) => (typeof n === 'string' ? n : textOf(n.children))).join('');
}
