import { el } from '../../../src/browser/dom';
import { ago, ms, errorText, type Ctx, type View } from '../context';
import type { LlmUsage } from '../../../src/protocol/http-api';
import { lineChart, p50, p95 } from './latency-chart';

const WINDOWS: Record<string, { buckets: number; label: (d: Date) => string }> = {
  '1h': { buckets: 12, label: (d) => d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) },
  '24h': { buckets: 24, label: (d) => d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) },
  '7d': { buckets: 14, label: (d) => d.toLocaleDateString([], { day: 'numeric', month: 'short' }) },
};

/** Latency at a glance: percentiles for the period, p50/p95 over time, and the slowest answers. */
export function latencyView(root: HTMLElement, ctx: Ctx): View {
  const tabs = el('div', { class: 'row', role: 'group', 'aria-label': 'Period' });
  const cards = el('div', { class: 'cards' });
  const spend = el('p', { class: 'spend', role: 'status' });
  const charts = el('div', { class: 'charts' });
  const slowest = el('table', { class: 'slowest' });
  let current = '1h';
  for (const w of Object.keys(WINDOWS)) {
    const b = el(
      'button',
      { type: 'button', class: 'small', 'aria-pressed': String(w === current) },
      w === '1h' ? 'Last hour' : w === '24h' ? 'Last day' : 'Last 7 days',
    );
    b.addEventListener('click', () => {
      current = w;
      tabs.querySelectorAll('button').forEach((x) => x.setAttribute('aria-pressed', String(x === b)));
      void load();
    });
    tabs.append(b);
  }
  root.append(
    el('h1', {}, 'Latency'),
    el('p', { class: 'muted' }, 'Measured on the server for every answer, from receipt of the question.'),
    spend,
    tabs,
    cards,
    charts,
    el('h2', {}, 'Slowest answers'),
    slowest,
  );

  /** Today's LLM tokens; a warning once the daily budget is nearly spent or answers went offline for it. */
  function showSpend(u: LlmUsage): void {
    if (!u.enabled) {
      spend.replaceChildren();
      return;
    }
    const share = u.dailyTokens > 0 ? u.tokens / u.dailyTokens : 0;
    const h = u.health;
    const failed = h.failures.error + h.failures.rate_limited + h.failures.stall + h.failures.deadline;
    const warn = share >= 0.8 || u.refused.budget > 0 || u.refused.busy > 0 || h.consecutiveFailures > 0;
    spend.className = warn ? 'spend warning' : 'spend muted';
    const upstream = failed
      ? ` Upstream since start: ${h.failures.error} errors, ${h.failures.rate_limited} rate-limited, ${h.failures.stall} stalled, ${h.failures.deadline} too slow (answered offline).`
      : '';
    spend.replaceChildren(
      [
        `LLM today: ${u.tokens.toLocaleString()} tokens${u.dailyTokens > 0 ? ` of ${u.dailyTokens.toLocaleString()} (${Math.round(share * 100)}%)` : ''}.`,
        u.refused.budget > 0 ? ` ${u.refused.budget} answers went offline: a daily budget was spent.` : '',
        u.refused.busy > 0 ? ` ${u.refused.busy} answers went offline: every LLM slot was busy.` : '',
        upstream,
      ].join(''),
      h.lastError
        ? el(
            'span',
            { class: 'last-error' },
            ` Last error ${ago(h.lastError.at)} (${h.lastError.reason}${h.consecutiveFailures ? `, ${h.consecutiveFailures} in a row` : ''}): `,
            el('code', {}, h.lastError.message),
          )
        : '',
    );
  }

  async function load(): Promise<void> {
    const w = WINDOWS[current];
    try {
      const [stats, series, slow, usage, feedback] = await Promise.all([
        ctx.api.stats(current),
        ctx.api.series(current, w.buckets),
        ctx.api.slowest(current),
        ctx.api.llmUsage(),
        ctx.api.feedback(current),
      ]);
      showSpend(usage);
      const card = (label: string, value: string) =>
        el('div', { class: 'card' }, el('span', { class: 'muted small' }, label), el('strong', {}, value));
      cards.replaceChildren(
        card('Answers', String(stats.answers)),
        card('Answered', stats.answeredRate === null ? '–' : `${Math.round(stats.answeredRate * 100)}%`),
        card('First token p50 / p95', `${ms(stats.firstTokenMs.p50)} / ${ms(stats.firstTokenMs.p95)}`),
        card('Total p50 / p95', `${ms(stats.totalMs.p50)} / ${ms(stats.totalMs.p95)}`),
        card('Retrieval p95', ms(stats.retrievalMs.p95)),
        card(
          'Visitors’ rating',
          feedback.average === null ? '–' : `${feedback.average.toFixed(1)} / 5 (${feedback.ratings})`,
        ),
      );
      const labels = series.points.map((p) => w.label(new Date(p.at)));
      charts.replaceChildren(
        el(
          'figure',
          {},
          lineChart(
            [
              { label: 'first token p50', className: 'a', values: series.points.map((p) => p50(p.firstTokenMs)) },
              { label: 'first token p95', className: 'b', values: series.points.map((p) => p95(p.firstTokenMs)) },
            ],
            labels,
            'Time to first token',
          ),
          el('figcaption', {}, 'Time to first token'),
        ),
        el(
          'figure',
          {},
          lineChart(
            [
              { label: 'total p50', className: 'a', values: series.points.map((p) => p50(p.totalMs)) },
              { label: 'total p95', className: 'b', values: series.points.map((p) => p95(p.totalMs)) },
            ],
            labels,
            'Time to the whole answer',
          ),
          el('figcaption', {}, 'Time to the whole answer'),
        ),
      );
      slowest.replaceChildren(
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ...['When', 'Retrieval', 'First token', 'Total', 'Answered', ''].map((h) => el('th', { scope: 'col' }, h)),
          ),
        ),
        el(
          'tbody',
          {},
          ...slow.answers.map((a) =>
            el(
              'tr',
              {},
              el('td', {}, new Date(a.createdAt).toLocaleString()),
              el('td', {}, ms(a.latency.retrievalMs)),
              el('td', {}, ms(a.latency.firstTokenMs)),
              el('td', {}, ms(a.latency.totalMs)),
              el('td', {}, a.answered ? 'yes' : 'no'),
              el('td', {}, el('a', { href: `#/conversations?id=${encodeURIComponent(a.conversationId)}` }, 'open')),
            ),
          ),
        ),
      );
      if (!slow.answers.length) slowest.append(el('caption', {}, 'No answers in this period yet.'));
    } catch (err) {
      ctx.toast(errorText(err), 'error');
    }
  }
  void load();
  const timer = setInterval(() => void load(), 30_000);
  return { destroy: () => clearInterval(timer) };
}
