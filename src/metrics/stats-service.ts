import type { AnswerSample, HistoryStore } from '../history/history-store';
import type { AnswerStats, SeriesPoint, SlowAnswer } from '../protocol/http-api';
import { summarize } from './percentile';

/**
 * Latency percentiles over a window, read from the history store so that every node of a
 * cluster reports the same figures and they survive restarts.
 */
export class StatsService {
  constructor(private readonly history: HistoryStore) {}

  async answers(windowMs: number, now = Date.now()): Promise<AnswerStats> {
    const since = new Date(now - windowMs).toISOString();
    const samples = await this.history.answerSamples(since);
    const answered = samples.filter((s) => s.answered).length;
    return {
      windowMs,
      since,
      answers: samples.length,
      answeredRate: samples.length ? Math.round((answered / samples.length) * 1000) / 1000 : null,
      retrievalMs: summarize(samples.map((s) => s.latency.retrievalMs)),
      firstTokenMs: summarize(samples.map((s) => s.latency.firstTokenMs)),
      totalMs: summarize(samples.map((s) => s.latency.totalMs)),
    };
  }

  /** Percentiles per time bucket over the window, oldest first: the console's chart. */
  async series(
    windowMs: number,
    buckets: number,
    now = Date.now(),
  ): Promise<{ windowMs: number; bucketMs: number; points: SeriesPoint[] }> {
    const start = now - windowMs;
    const bucketMs = Math.ceil(windowMs / buckets);
    const grouped: AnswerSample[][] = Array.from({ length: buckets }, () => []);
    for (const s of await this.history.answerSamples(new Date(start).toISOString())) {
      const i = Math.min(buckets - 1, Math.floor((Date.parse(s.createdAt) - start) / bucketMs));
      if (i >= 0) grouped[i].push(s);
    }
    return {
      windowMs,
      bucketMs,
      points: grouped.map((g, i) => ({
        at: new Date(start + i * bucketMs).toISOString(),
        answers: g.length,
        firstTokenMs: summarize(g.map((s) => s.latency.firstTokenMs)),
        totalMs: summarize(g.map((s) => s.latency.totalMs)),
      })),
    };
  }

  /** The slowest answers in the window by total time, with their breakdown. */
  async slowest(windowMs: number, limit: number, now = Date.now()): Promise<SlowAnswer[]> {
    const samples = await this.history.answerSamples(new Date(now - windowMs).toISOString());
    return samples
      .sort((a, b) => b.latency.totalMs - a.latency.totalMs)
      .slice(0, limit)
      .map((s) => ({
        messageId: s.messageId,
        conversationId: s.conversationId,
        createdAt: s.createdAt,
        answered: s.answered,
        latency: s.latency,
      }));
  }
}
