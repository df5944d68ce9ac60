/** A small SVG line chart (x: visitors, log scale; y: ms) for the benchmark results, dependency-free. */
export interface Series {
  label: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

export function lineChartSvg(title: string, series: Series[], yLabel: string): string {
  const W = 640;
  const H = 360;
  const pad = { l: 64, r: 20, t: 40, b: 48 };
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const yMax = niceMax(Math.max(1, ...series.flatMap((s) => s.points.map((p) => p[1]))));
  const lx = (x: number) => Math.log10(x);
  const [x0, x1] = [lx(xs[0]), lx(xs[xs.length - 1])];
  const X = (x: number) => pad.l + (x1 === x0 ? 0.5 : (lx(x) - x0) / (x1 - x0)) * (W - pad.l - pad.r);
  const Y = (y: number) => H - pad.b - (y / yMax) * (H - pad.t - pad.b);
  const esc = (s: string) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
  ];
  parts.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = (yMax / 4) * i;
    parts.push(
      `<line x1="${pad.l}" x2="${W - pad.r}" y1="${Y(v)}" y2="${Y(v)}" stroke="#e5e7eb"/>`,
      `<text x="${pad.l - 6}" y="${Y(v) + 4}" text-anchor="end" fill="#6b7280">${Math.round(v)}</text>`,
    );
  }
  for (const x of xs)
    parts.push(`<text x="${X(x)}" y="${H - pad.b + 16}" text-anchor="middle" fill="#6b7280">${x}</text>`);
  parts.push(
    `<text x="${W / 2}" y="${H - 10}" text-anchor="middle" fill="#374151">concurrent visitors (log scale)</text>`,
  );
  parts.push(
    `<text x="14" y="${H / 2}" text-anchor="middle" fill="#374151" transform="rotate(-90 14 ${H / 2})">${esc(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${X(p[0]).toFixed(1)},${Y(p[1]).toFixed(1)}`).join('');
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
    );
    for (const p of s.points) parts.push(`<circle cx="${X(p[0])}" cy="${Y(p[1])}" r="3" fill="${s.color}"/>`);
    // The legend's sample line is drawn like the series (dashed or not), so the two upstreams can be told apart.
    const ly = pad.t + i * 16 + 2;
    parts.push(
      `<line x1="${pad.l + 8}" x2="${pad.l + 26}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${pad.l + 30}" y="${pad.t + i * 16 + 5}">${esc(s.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function niceMax(v: number): number {
  const exp = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * exp).find((m) => m >= v) ?? v;
}
