export { eventually } from '../support/eventually';
import type { Page } from 'playwright-core';

/** A customer's page: hostile global CSS, an element sharing the widget's class names, and the one-tag embed. */
export function customerPage(
  serverUrl: string,
  opts: { title?: string; extraBody?: string; headScript?: string; scriptAttrs?: string } = {},
): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title ?? 'Acme shop'}</title>
<style>
  * { font-family: "Times New Roman", serif !important; color: rgb(255, 0, 0) !important; letter-spacing: 3px
  * !important; }
  button { background: rgb(0, 255, 0) !important; border: 6px dashed red !important; }
  .panel, .bubble, .launcher { outline: 9px solid orange; }
</style>${opts.headScript ? `<script>${opts.headScript}</script>` : ''}</head>
<body><h1>Acme shop</h1><a href="/other">Another page</a>
<div class="greeting" id="host-greeting">The shop's own greeting box</div>
${opts.extraBody ?? ''}
<script src="${serverUrl}/widget.js" data-title="Acme help" data-color="#7c3aed" data-greeting="Hello from Acme support"
  data-suggestions="How do I return an item?|Where is my order?" ${opts.scriptAttrs ?? ''} async></script>
</body></html>`;
}

/** Records, inside the page, how the streaming answer and the thinking dots changed over time. */
export async function recordStream(page: Page): Promise<void> {
  await page.evaluate(() => {
    const root = document.querySelector('answerdesk-widget')!.shadowRoot!;
    const w = window as unknown as { __frames: string[] };
    w.__frames = [];
    const snap = () => {
      const streaming = root.querySelector('.msg.bot.streaming .bubble');
      const dots = root.querySelector('.dots');
      const frame = streaming ? `text:${streaming.textContent}` : dots && !dots.hasAttribute('hidden') ? 'dots' : '';
      if (frame && w.__frames[w.__frames.length - 1] !== frame) w.__frames.push(frame);
    };
    new MutationObserver(snap).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

export async function frames(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __frames: string[] }).__frames);
}
