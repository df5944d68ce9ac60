import { Router } from 'express';
import path from 'node:path';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { loadDocument } from '../knowledge/documents/load-document';
import { toDisplayMarkdown } from '../knowledge/documents/markdown-text';
import { renderMarkdown } from '../markdown/render-markdown';
import { escapeHtml, vnodeToHtml } from '../markdown/vnode-to-html';
import { asyncRoute } from './error-middleware';
import { AppError } from '../errors';

// Nothing on the page runs: no scripts at all, styles inline, images only from this server.
const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const STYLE = `body{margin:0;background:#f9fafb;color:#111827;font:16px/1.6 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Arial,sans-serif}
main{max-width:760px;margin:0 auto;padding:32px 20px 64px;background:#fff;min-height:100vh}
h1{font-size:28px;line-height:1.25;margin:0 0 20px}h2,h3,h4{margin:28px 0 8px;line-height:1.3}
:target{background:#fef9c3}a{color:#1d4ed8}code{background:#f3f4f6;padding:1px 4px;border-radius:4px}
pre{background:#111827;color:#f9fafb;padding:12px;border-radius:8px;overflow-x:auto}pre code{background:none}
table{border-collapse:collapse}td,th{border:1px solid #e5e7eb;padding:4px 8px}.meta{color:#6b7280;font-size:13px}`;

/**
 * `GET /kb/{path}`: a published knowledge article as a read-only page, so every source the bot
 * cites can be followed even when the file has no `url`. Only indexed (published) files are
 * served; drafts and anything outside the knowledge folder are simply not found.
 */
export function articleRoutes(knowledge: KnowledgeBase, root: string): Router {
  const router = Router();
  router.get(
    // No capture group: express would decode it and answer bad escapes with a 500.
    /^\/kb\/.+$/,
    asyncRoute(async (req, res) => {
      let rel: string;
      try {
        rel = decodeURIComponent(req.path.slice('/kb/'.length));
      } catch {
        throw new AppError('not_found', 'No such article.');
      }
      const info = knowledge.document(rel);
      if (!info) throw new AppError('not_found', 'No such article.');
      // `rel` is a key of the index, which only holds paths found inside the folder.
      const loaded = await loadDocument(root, path.join(root, rel));
      if (loaded.kind !== 'document') throw new AppError('not_found', 'No such article.');
      const doc = loaded.doc;
      const body = toDisplayMarkdown(doc.body).replace(/^#\s+(.+)\n+/, (whole, h1: string) =>
        h1.trim() === doc.title ? '' : whole,
      );
      const origin = `${req.protocol}://${req.get('host')}`;
      const html = vnodeToHtml(
        renderMarkdown(body, {
          headingBase: 1,
          headingIds: true,
          baseUrl: `${origin}/kb/${rel}`,
          imageOrigins: [origin],
        }),
      );
      res.setHeader('Content-Security-Policy', CSP);
      res.setHeader('Cache-Control', 'no-cache');
      res
        .type('html')
        .send(
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
            `<title>${escapeHtml(doc.title)}</title><style>${STYLE}</style></head><body><main><article>` +
            `<h1>${escapeHtml(doc.title)}</h1>${html}<p class="meta">Updated ${escapeHtml(doc.updatedAt.slice(0, 10))}</p></article></main></body></html>`,
        );
    }),
  );
  return router;
}
