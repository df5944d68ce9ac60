import { ALLOWED_ATTRS, type VNode } from './vnode';

const VOID = new Set(['br', 'hr', 'img']);
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** Serialises a rendered tree for the server's pages; every text and attribute is escaped. */
export function vnodeToHtml(nodes: VNode[]): string {
  return nodes
    .map((n) => {
      if (typeof n === 'string') return escapeHtml(n);
      const allowed = ALLOWED_ATTRS[n.tag] ?? [];
      const attrs = Object.entries(n.attrs ?? {})
        .filter(([k]) => allowed.includes(k))
        .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
        .join('');
      return VOID.has(n.tag) ? `<${n.tag}${attrs}>` : `<${n.tag}${attrs}>${vnodeToHtml(n.children)}</${n.tag}>`;
    })
    .join('');
}
