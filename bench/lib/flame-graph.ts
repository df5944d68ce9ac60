import { categoryOf, frameLabel, type Category, type TimedNode } from './cpu-profile';

export interface FlameGraphOptions {
  title: string;
  /** What the widths are divided by in the tooltips ("ms per answer"): e.g. the answers in the window. */
  per?: { count: number; unit: string };
  width?: number;
}

const ROW = 17;
/** Frames narrower than this many pixels are not drawn (their time stays in their caller's width). */
const MIN_PX = 0.6;
const CHAR_PX = 6.2;

/** Hue and name of each kind of frame: ours stands out from the libraries and the runtime beneath it. */
function hueOf(c: Category): { hue: number; sat: number; kind: string } {
  if (c.startsWith('src/')) return { hue: 170, sat: 55, kind: 'Answerdesk' };
  if (c.startsWith('dep:')) return { hue: 35, sat: 85, kind: 'libraries' };
  if (c.startsWith('node:')) return { hue: 215, sat: 55, kind: 'Node.js' };
  return { hue: 0, sat: 0, kind: 'V8 and native code (GC, compiler, wasm, SQLite, writes)' };
}

/**
 * A flame graph in the manner of clinic's and Brendan Gregg's: the root at the bottom, each
 * function as wide as the time spent in it and in what it called, callers below callees. A
 * frame's colour says whose code it is (ours, a library, Node.js, the engine) and its shade
 * how much of its width is its own time: the darker, the hotter. Idle time is left out. Every
 * name is escaped (function names and paths come from the profiled program). Dependency-free
 * SVG, readable in any browser, with a tooltip per frame.
 */
export function flameGraphSvg(tree: TimedNode, opts: FlameGraphOptions): string {
  const W = opts.width ?? 1200;
  const pad = { l: 10, r: 10, t: 48, b: 24 };
  const children = tree.children.filter((c) => categoryOf(c.frame) !== 'idle');
  const total = children.reduce((s, c) => s + c.totalMs, 0);
  const scale = total > 0 ? (W - pad.l - pad.r) / total : 0;
  const rects: { x: number; w: number; depth: number; node: TimedNode }[] = [];
  let maxDepth = 0;
  const place = (nodes: TimedNode[], x: number, depth: number) => {
    for (const n of [...nodes].sort((a, b) => b.totalMs - a.totalMs)) {
      const w = n.totalMs * scale;
      if (w < MIN_PX) break;
      rects.push({ x, w, depth, node: n });
      maxDepth = Math.max(maxDepth, depth);
      place(n.children, x, depth + 1);
      x += w;
    }
  };
  place(children, pad.l, 0);

  const H = pad.t + (maxDepth + 1) * ROW + pad.b;
  const per = (ms: number) =>
    opts.per ? `${(ms / opts.per.count).toFixed(3)} ${opts.per.unit}` : `${ms.toFixed(1)} ms`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="monospace" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-family="sans-serif" font-size="14" font-weight="bold">${esc(opts.title)}</text>`,
    `<text x="${W / 2}" y="34" text-anchor="middle" font-family="sans-serif" fill="#4b5563">${esc(`${total.toFixed(0)} ms on the CPU (idle left out)${opts.per ? `, ${per(total)}` : ''}; width: time in a function and its callees; darker: more of it its own`)}</text>`,
  ];
  for (const { x, w, depth, node } of rects) {
    const y = H - pad.b - (depth + 1) * ROW;
    const { hue, sat } = hueOf(categoryOf(node.frame));
    const heat = node.totalMs > 0 ? node.selfMs / node.totalMs : 0;
    const fill = `hsl(${hue},${sat}%,${Math.round(88 - heat * 38)}%)`;
    const label = frameLabel(node.frame);
    const tip = `${label}\n${per(node.totalMs)} (${((node.totalMs / total) * 100).toFixed(1)}%), own ${per(node.selfMs)}`;
    parts.push(
      `<g><title>${esc(tip)}</title><rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${ROW - 1}" fill="${fill}" stroke="#fff" stroke-width="0.5"/>`,
    );
    const fits = Math.floor((w - 6) / CHAR_PX);
    if (fits >= 3)
      parts.push(
        `<text x="${(x + 3).toFixed(2)}" y="${y + ROW - 5}">${esc(fits >= label.length ? label : `${label.slice(0, fits - 1)}…`)}</text>`,
      );
    parts.push('</g>');
  }
  const legend = ['src/x', 'dep:x', 'node:x', 'native'].map((c) => hueOf(c as Category));
  legend.forEach((l, i) => {
    const x = pad.l + i * 260;
    parts.push(
      `<rect x="${x}" y="${H - 16}" width="12" height="10" fill="hsl(${l.hue},${l.sat}%,70%)"/>`,
      `<text x="${x + 16}" y="${H - 7}" font-family="sans-serif">${esc(l.kind)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
