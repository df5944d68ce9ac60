/**
 * Markdown clean-up for two readers: the index (plain words) and the visitor (Markdown that
 * keeps links and lists but loses raw HTML and images, which the widget would drop anyway).
 */

const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const HTML_TAG = /<\/?[A-Za-z][^>]*>/g;
const IMAGE = /!\[([^\]]*)\]\([^)]*\)/g;
const LINK = /\[([^\]]+)\]\([^)]*\)/g;
const REF_DEF = /^\s*\[[^\]]+\]:\s+\S+.*$/gm;

/** Markdown a visitor may see: links kept, HTML and images removed, blank runs collapsed. */
export function toDisplayMarkdown(md: string): string {
  return md
    .replace(HTML_COMMENT, '')
    .replace(IMAGE, '')
    .replace(HTML_TAG, '')
    .replace(REF_DEF, '')
    .replace(/^\s*(?:---|\*\*\*|___)\s*$/gm, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain words for indexing: Markdown syntax and URLs removed, image alt text kept. */
export function toPlainText(md: string): string {
  return md
    .replace(HTML_COMMENT, ' ')
    .replace(IMAGE, ' $1 ')
    .replace(LINK, '$1')
    .replace(HTML_TAG, ' ')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[`*_>#|~]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
