import type { Logger } from '../../logger';
import type { QueryEmbedding } from '../knowledge-index';
import type { Embedder } from './embedder';

type Outcome = { vector: Float32Array | null } | { err: unknown };

/**
 * A question's embedding, waited for at most `timeoutMs`: undefined when the embedder fails or
 * is late (the search then goes on by words alone, and the log says why). An endpoint's request
 * is ended when late; the local model cannot be stopped mid-question.
 */
export async function embedQuestion(
  embedder: Embedder,
  question: string,
  timeoutMs: number,
  logger: Logger,
): Promise<QueryEmbedding | undefined> {
  const controller = embedder.local ? undefined : new AbortController();
  const embedding = embedder.embedQuery(question, controller?.signal).then(
    (vector): Outcome => ({ vector }),
    (err: unknown): Outcome => ({ err }),
  );
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const outcome = await Promise.race([embedding, deadline]);
  clearTimeout(timer);
  if (outcome === 'timeout') controller?.abort();
  if (outcome === 'timeout' || 'err' in outcome) {
    const err = outcome === 'timeout' ? undefined : outcome.err;
    logger.warn({ err, timedOut: outcome === 'timeout' }, 'question not embedded; searching without its vector');
    return undefined;
  }
  return outcome.vector ? { vector: outcome.vector, calibration: embedder.calibration } : undefined;
}
