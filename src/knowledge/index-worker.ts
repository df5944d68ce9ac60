/**
 * Worker-thread entry of the knowledge indexes (see IndexThread): each knowledge base's index
 * lives here, fed by its updates in order, and answers searches with chunk ids.
 */
import { parentPort } from 'node:worker_threads';
import type { Chunk } from './chunk';
import { buildIndex, type IndexFiles } from './create-index';
import { PrefetchedQueries } from './index-host';
import type { KnowledgeIndex, QueryEmbedding } from './knowledge-index';

/** One index's messages; `index` tells the knowledge bases of a process apart. */
export type IndexRequest =
  | { op: 'open'; index: number; files: IndexFiles }
  | { op: 'set'; index: number; path: string; chunks: Chunk[] }
  | { op: 'vectors'; index: number; path: string; chunks: Chunk[] }
  | { op: 'remove'; index: number; path: string }
  | { op: 'prefetch'; index: number; query: string }
  | { op: 'search'; index: number; id: number; query: string; k: number; embedding?: QueryEmbedding }
  /** Answered once every message before it has been handled. */
  | { op: 'sync'; index: number; id: number }
  | { op: 'close'; index: number };

/** A search's hits as [chunk id, rank, score]: the chunks themselves are already on the other side. */
export type IndexReply = { id: number; hits: [string, number, number][] } | { id: number; error: string } | { failed: string };

interface Hosted {
  index: KnowledgeIndex;
  queries: PrefetchedQueries;
}

/**
 * A chunk's vector is copied into the index's int8 rows; the chunk kept for the lexical half
 * does not need its float32 copy too.
 */
function withoutVectors(chunks: Chunk[]): void {
  for (const c of chunks) delete c.vector;
}

function handle(hosted: Map<number, Hosted>, req: IndexRequest): IndexReply | undefined {
  if (req.op === 'open') {
    const index = buildIndex(req.files);
    hosted.set(req.index, { index, queries: new PrefetchedQueries(index) });
    return undefined;
  }
  const h = hosted.get(req.index);
  if (req.op === 'sync') return { id: req.id, hits: [] };
  if (!h) return req.op === 'search' ? { id: req.id, error: `no index ${req.index}` } : undefined;
  switch (req.op) {
    case 'set':
      h.index.setDocument(req.path, req.chunks);
      withoutVectors(req.chunks);
      return undefined;
    case 'vectors':
      h.index.setVectors?.(req.path, req.chunks);
      return undefined;
    case 'remove':
      h.index.removeDocument(req.path);
      return undefined;
    case 'prefetch':
      h.queries.add(req.query);
      return undefined;
    case 'search': {
      const hits = h.queries.search(req.query, req.k, req.embedding);
      return { id: req.id, hits: hits.map((x) => [x.chunk.id, x.rank, x.score]) };
    }
    case 'close':
      hosted.delete(req.index);
      return undefined;
  }
}

const port = parentPort;
if (port) {
  const hosted = new Map<number, Hosted>();
  port.on('message', (req: IndexRequest) => {
    try {
      const reply = handle(hosted, req);
      if (reply) port.postMessage(reply);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // A search is told; an update that failed leaves the index unlike its knowledge base, so
      // the parent starts the thread again and replays every document (see IndexThread).
      port.postMessage(req.op === 'search' || req.op === 'sync' ? { id: req.id, error: message } : { failed: `${req.op}: ${message}` });
    }
  });
}
