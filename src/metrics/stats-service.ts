import type { HistoryStore } from '../history/history-store';
import { summarize, type Summary } from './percentile';

export interface AnswerStats {
  windowMs: number;
  since: string;
  answers: number;
  /** Share of answers where the knowledge base covered the question; null with no answers. */
  answeredRate: number | null;
  retrievalMs: Summary;
  firstTokenMs: Summary;
  totalMs: Summary;
}

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
}
