import { ALLOWED_ATTRS, ALLOWED_TAGS, type VNode } from './vnode';

const TAGS = new Set<string>(ALLOWED_TAGS);

/**
 * Builds DOM nodes from a rendered tree with createElement and text nodes only (never
 * innerHTML), re-checking tags and attributes against the allow-list as a second fence.
 */
export function vnodeToDom(nodes: VNode[], doc: Document = document): DocumentFragment {
  const frag = doc.createDocumentFragment();
  for (const n of nodes) {
    if (typeof n === 'string') {
      frag.appendChild(doc.createTextNode(n));
      continue;
    }
    if (!TAGS.has(n.tag)) continue;
    const el = doc.createElement(n.tag);
    const allowed = ALLOWED_ATTRS[n.tag] ?? [];
    for (const [k, v] of Object.entries(n.attrs ?? {})) if (allowed.includes(k)) el.setAttribute(k, v);
    el.appendChild(vnodeToDom(n.children, doc));
    frag.appendChild(el);
  }
  return frag;
}
