import type { Summary } from '../../../src/protocol/http-api';

const NS = 'http://www.w3.org/2000/svg';

export interface Line {
  label: string;
  className: string;
  values: (number | null)[];
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A small line chart (ms over time buckets) drawn as SVG, with axis labels and a legend. */
export function lineChart(lines: Line[], labels: string[], title: string): SVGSVGElement {
  const W = 720;
  const H = 260;
  const pad = { l: 56, r: 16, t: 16, b: 36 };
  const all = lines.flatMap((l) => l.values).filter((v): v is number => v !== null);
  const max = niceMax(all.length ? Math.max(...all) : 1);
  const x = (i: number) => pad.l + (labels.length <= 1 ? 0 : (i / (labels.length - 1)) * (W - pad.l - pad.r));
  const y = (v: number) => H - pad.b - (v / max) * (H - pad.t - pad.b);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart' });
  root.append(svg('title', {}, title));
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    root.append(
      svg('line', { x1: pad.l, x2: W - pad.r, y1: y(v), y2: y(v), class: 'grid' }),
      svg('text', { x: pad.l - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, `${round(v)} ms`),
    );
  }
  const step = Math.max(1, Math.ceil(labels.length / 6));
  labels.forEach((label, i) => {
    if (i % step === 0 || i === labels.length - 1)
      root.append(svg('text', { x: x(i), y: H - 12, class: 'axis', 'text-anchor': 'middle' }, label));
  });
  for (const line of lines) {
    let d = '';
    line.values.forEach((v, i) => {
      if (v === null) return;
      d += `${d && line.values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    if (d) root.append(svg('path', { d, class: `series ${line.className}` }));
    line.values.forEach(
      (v, i) =>
        v !== null && root.append(svg('circle', { cx: x(i), cy: y(v), r: 2.5, class: `dot ${line.className}` })),
    );
  }
  lines.forEach((line, i) => {
    const lx = pad.l + 8 + i * 170;
    root.append(
      svg('rect', { x: lx, y: pad.t - 2, width: 12, height: 4, class: `key ${line.className}` }),
      svg('text', { x: lx + 18, y: pad.t + 3, class: 'legend' }, line.label),
    );
  });
  return root;
}

export const p50 = (s: Summary) => s.p50;
export const p95 = (s: Summary) => s.p95;

function niceMax(v: number): number {
  const exp = 10 ** Math.floor(Math.log10(v || 1));
  return [1, 2, 2.5, 5, 10].map((m) => m * exp).find((m) => m >= v) ?? v;
}

function round(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}
