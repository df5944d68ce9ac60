import { Router } from 'express';
import { z } from 'zod';
import { headingOf } from '../knowledge/chunk';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { parseInput } from './validate';

const searchQuery = z.object({
  q: z.string().trim().min(1, 'is required').max(1000),
  k: z.coerce.number().int().min(1).max(50).default(10),
});

/** Read-only knowledge routes: what the bot would retrieve, and which files it knows. */
export function knowledgeRoutes(knowledge: KnowledgeBase): Router {
  const router = Router();
  router.get('/knowledge/search', (req, res) => {
    const { q, k } = parseInput(searchQuery, req.query, 'query');
    const started = performance.now();
    const results = knowledge.search(q, k).map((h) => ({
      path: h.chunk.path,
      title: h.chunk.title,
      heading: headingOf(h.chunk) ?? null,
      url: h.chunk.url ?? null,
      text: h.chunk.text,
      score: h.score,
    }));
    res.json({ results, tookMs: Math.round((performance.now() - started) * 1000) / 1000 });
  });
  router.get('/knowledge/files', (_req, res) => {
    res.json({ files: knowledge.documents() });
  });
  return router;
}
