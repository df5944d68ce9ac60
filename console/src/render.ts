import { renderMarkdown } from '../../src/markdown/render-markdown';
import { vnodeToDom } from '../../src/markdown/vnode-to-dom';

/**
 * Markdown from the model, agents or knowledge files, through the same sanitising renderer as
 * the widget: an allow-listed element tree built without innerHTML, safe URLs only, and images
 * only from this server.
 */
export function markdown(text: string): DocumentFragment {
  return vnodeToDom(
    renderMarkdown(text, { baseUrl: location.origin, imageOrigins: [location.origin], headingBase: 3 }),
  );
}

/** The body of a knowledge file without its YAML front matter, for the preview. */
export function withoutFrontMatter(source: string): string {
  return source.replace(/^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/, '');
}
