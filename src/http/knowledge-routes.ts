import { Router, type Request } from 'express';
import { languageOfTag } from '../knowledge/lexical/languages';
import type { AuthService } from '../agents/auth-service';
import { AppError } from '../errors';
import { headingOf } from '../knowledge/chunk';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { KnowledgeFiles } from '../agents/knowledge-files';
import {
  knowledgeChangesQuerySchema,
  knowledgeDeleteQuerySchema,
  knowledgeRenameSchema,
  knowledgeWriteSchema,
  searchQuerySchema,
} from '../protocol/schemas';
import { asyncRoute } from './error-middleware';
import { agentOf, requireAgent } from './require-agent';
import { parseInput } from './validate';
import type { SearchResult } from '../protocol/http-api';

const FILE_ROUTE = /^\/knowledge\/files\/.+$/;

/**
 * `GET /knowledge/search` is public: it returns only what the bot would quote to any visitor
 * (published articles), and it is how retrieval is evaluated from outside. Everything else
 * here is the console's editor and needs a signed-in agent.
 */
export function knowledgeRoutes(knowledge: KnowledgeBase, files: KnowledgeFiles, auth: AuthService): Router {
  const router = Router();
  const signedIn = requireAgent(auth);

  router.get(
    '/knowledge/search',
    asyncRoute(async (req, res) => {
      const { q, k, lang } = parseInput(searchQuerySchema, req.query, 'query');
      const started = performance.now();
      const results = (await knowledge.search(q, k, languageOfTag(lang))).map(
        (h): SearchResult => ({
          path: h.chunk.path,
          title: h.chunk.title,
          heading: headingOf(h.chunk) ?? null,
          url: h.chunk.url ?? null,
          text: h.chunk.text,
          score: h.score,
        }),
      );
      res.json({ results, tookMs: Math.round((performance.now() - started) * 1000) / 1000 });
    }),
  );

  router.get(
    '/knowledge/files',
    signedIn,
    asyncRoute(async (_req, res) => {
      res.json({ files: await files.list(agentOf(res)) });
    }),
  );
  router.get(
    FILE_ROUTE,
    signedIn,
    asyncRoute(async (req, res) => {
      const file = await files.read(agentOf(res), filePath(req));
      res.setHeader('ETag', `"${file.version}"`);
      res.json({ file });
    }),
  );
  router.put(
    FILE_ROUTE,
    signedIn,
    asyncRoute(async (req, res) => {
      const body = parseInput(knowledgeWriteSchema, req.body);
      const baseVersion = body.baseVersion ?? ifMatch(req);
      const file = await files.write(agentOf(res), filePath(req), body.content, baseVersion);
      res.setHeader('ETag', `"${file.version}"`);
      res.status(baseVersion === undefined ? 201 : 200).json({ file });
    }),
  );
  router.delete(
    FILE_ROUTE,
    signedIn,
    asyncRoute(async (req, res) => {
      const q = parseInput(knowledgeDeleteQuerySchema, req.query, 'query');
      await files.remove(agentOf(res), filePath(req), q.baseVersion ?? ifMatch(req));
      res.status(204).end();
    }),
  );
  router.post(
    '/knowledge/rename',
    signedIn,
    asyncRoute(async (req, res) => {
      const body = parseInput(knowledgeRenameSchema, req.body);
      res.json({ file: await files.rename(agentOf(res), body.from, body.to, body.baseVersion ?? ifMatch(req)) });
    }),
  );
  router.get(
    '/knowledge/changes',
    signedIn,
    asyncRoute(async (req, res) => {
      const q = parseInput(knowledgeChangesQuerySchema, req.query, 'query');
      res.json({ changes: await files.changes(agentOf(res), q.path) });
    }),
  );
  return router;
}

/**
 * The file's path from the raw URL, decoded once here (no capture group: express would decode it and 500 on bad
 * escapes).
 */
function filePath(req: Request): string {
  const raw = req.path.slice('/knowledge/files/'.length);
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError('invalid_path', 'Invalid path: bad percent-encoding.', { field: 'path' });
  }
}

/** `If-Match: "version"` as an alternative to `baseVersion`. */
function ifMatch(req: Request): string | undefined {
  const v = req.get('if-match');
  return v ? v.replace(/^W\//, '').replace(/^"|"$/g, '') : undefined;
}
