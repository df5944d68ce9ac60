import { watch, type FSWatcher } from 'chokidar';
import type { Language } from './lexical/languages';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { Logger } from '../logger';
import type { Chunk, KnowledgeDocument, SearchHit } from './chunk';
import { IncludeGraph } from './documents/include-graph';
import { embedChunks } from './embedders/embed-chunks';
import { embedQuestion } from './embedders/embed-question';
import type { Embedder } from './embedders/embedder';
import type { KnowledgeIndex } from './knowledge-index';
import { isKnowledgeFile, listKnowledgeFiles, loadDocument, relativeKnowledgePath } from './documents/load-document';
import { splitDocument } from './documents/split-document';

/** The first load's shared state: each indexed file's embedding, started once every file's words are in. */
interface FirstLoad {
  embeds: (() => Promise<void>)[];
}

const WARM_UP_QUESTION = 'how can I change the settings of my account';
/** Files whose texts are with the encoder at once during a first load: enough to keep its threads busy. */
const FILES_EMBEDDED_AT_ONCE = 8;

export type DocumentInfo = Omit<KnowledgeDocument, 'body'> & { chunks: number };

export interface KnowledgeBaseOptions {
  root: string;
  /** The index the folder is kept in; searched in this thread, in memory. */
  index: KnowledgeIndex;
  logger: Logger;
  /** Coalesces bursts of file events (editors write in several steps). */
  debounceMs: number;
  /** The semantic model (the local sentence encoder, or an endpoint): chunks are embedded as they are indexed. */
  embedder?: Embedder;
  /** Longest a search waits for the question's embedding before going on without it. @default 1000 */
  embedTimeoutMs?: number;
  /** The public help center's address, for citation links of articles without a `url` (see loadDocument). */
  baseUrl?: string;
}

/**
 * The knowledge folder kept in memory: loads it once, then follows the folder with a watcher,
 * re-indexing only the file that changed. Search never touches the disk.
 */
export class KnowledgeBase {
  private readonly docs = new Map<string, DocumentInfo>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  /** Files the first load skipped (drafts, empty, too large): `reconcile` leaves them to the watcher. */
  private readonly skipped = new Set<string>();
  /** What each indexed article was indexed from (see LoadResult's fingerprint): an unchanged one is not redone. */
  private readonly fingerprints = new Map<string, string>();
  private readonly includes = new IncludeGraph();
  private watcher?: FSWatcher;
  private loaded = false;
  private closed = false;
  private loading?: Promise<{ documents: number; chunks: number; ms: number }>;
  /** Increments on every applied change; lets callers and tests see that an edit landed. */
  generation = 0;
  /** The first load's chunks, and how many of them have their vectors (see `vectors`). */
  private readonly firstVectors = { chunks: 0, embedded: 0 };
  /** Told of every file read again after the first load (see onFileRead). */
  private readonly readers = new Set<(relPath: string) => void>();
  private vectorsDone?: Promise<void>;

  constructor(private readonly opts: KnowledgeBaseOptions) {}

  get isReady(): boolean {
    return this.loaded;
  }

  /**
   * How far the first load's embedding is: the knowledge base answers from the words of every
   * file at once, and each file's vectors join the index as they come.
   */
  vectors(): { embedded: number; chunks: number; done: boolean } {
    const { chunks, embedded } = this.firstVectors;
    return { embedded, chunks, done: this.loaded && embedded === chunks };
  }

  /** Resolves once the first load's chunks all have their vectors (or failed to get them). */
  vectorsReady(): Promise<void> {
    return this.load().then(() => this.vectorsDone);
  }

  /**
   * Reads and indexes the whole folder; resolves once every file's words are searchable, while
   * the chunks' vectors are still being computed (see `vectors`). A file that fails to load is
   * logged and skipped. Called again, it returns the first call's promise.
   */
  load(): Promise<{ documents: number; chunks: number; ms: number }> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  private async loadAll(): Promise<{ documents: number; chunks: number; ms: number }> {
    const started = performance.now();
    await fs.mkdir(this.opts.root, { recursive: true });
    const files = await listKnowledgeFiles(this.opts.root);
    // Every file's words first, then the vectors, in the background: the knowledge base is
    // ready sooner with the encoder's threads not competing for the cores meanwhile.
    const firstLoad: FirstLoad = { embeds: [] };
    for (const file of files) await this.run(file, firstLoad);
    this.loaded = true;
    this.vectorsDone = this.embedInBackground(firstLoad.embeds, started);
    return {
      documents: this.docs.size,
      chunks: this.opts.index.chunkCount,
      ms: Math.round(performance.now() - started),
    };
  }

  /**
   * The first load's embedding, a few files at a time so that the server answers meanwhile
   * (each file's texts are prepared and looked up in the cache on this thread), logged as it
   * goes and once it is done.
   */
  private async embedInBackground(embeds: (() => Promise<void>)[], started: number): Promise<void> {
    if (embeds.length === 0) return;
    // After the turn in which the knowledge base becomes ready: its readiness is answered first.
    await new Promise((resolve) => setImmediate(resolve));
    const log = this.opts.logger;
    const progress = setInterval(() => {
      const { embedded, chunks } = this.firstVectors;
      log.info({ embedded, chunks }, 'knowledge vectors in progress');
    }, 10_000);
    progress.unref();
    let next = 0;
    const worker = async () => {
      while (next < embeds.length && !this.closed) await embeds[next++]();
    };
    await Promise.all(Array.from({ length: FILES_EMBEDDED_AT_ONCE }, worker));
    clearInterval(progress);
    const { embedded, chunks } = this.firstVectors;
    log.info({ embedded, chunks, ms: Math.round(performance.now() - started) }, 'knowledge vectors ready');
  }

  /**
   * Starts following the folder; resolves once the watcher is ready to report changes. May run
   * while `load` does (they share the per-file queue).
   */
  async watch(): Promise<void> {
    if (this.watcher) return;
    const watcher = watch(this.opts.root, {
      ignoreInitial: true,
      // A link could point anywhere on the machine; the knowledge folder is what is in it.
      followSymlinks: false,
      ignored: (p) => path.basename(p).startsWith('.') && p !== this.opts.root,
    });
    this.watcher = watcher;
    watcher.on('add', (f) => this.schedule(f));
    watcher.on('change', (f) => this.schedule(f));
    watcher.on('unlink', (f) => this.schedule(f));
    watcher.on('unlinkDir', (dir) => {
      const prefix = `${relativeKnowledgePath(this.opts.root, dir)}/`;
      for (const rel of [...this.docs.keys()])
        if (rel.startsWith(prefix)) this.schedule(path.join(this.opts.root, rel));
    });
    watcher.on('error', (err) => this.opts.logger.error({ err }, 'knowledge watcher error'));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  /**
   * Catches up with what changed after the first load read a file and before the watcher was
   * ready (the watcher reports only later changes): a file whose size or time differs from what
   * was indexed, a new one, a vanished one is read again. Run once both are done (start-up, off
   * the path to ready); resolves with how many files it scheduled.
   */
  async reconcile(): Promise<number> {
    const files = await listKnowledgeFiles(this.opts.root);
    const listed = new Set<string>();
    let scheduled = 0;
    const again = (file: string) => {
      this.schedule(file);
      scheduled++;
    };
    for (const file of files) {
      const rel = relativeKnowledgePath(this.opts.root, file);
      listed.add(rel);
      const doc = this.docs.get(rel);
      if (!doc) {
        if (!this.skipped.has(rel)) again(file);
        continue;
      }
      const stat = await fs.lstat(file).catch(() => undefined);
      if (!stat || stat.size !== doc.bytes || stat.mtime.toISOString() !== doc.updatedAt) again(file);
    }
    for (const rel of this.docs.keys()) if (!listed.has(rel)) again(path.join(this.opts.root, rel));
    return scheduled;
  }

  /**
   * One search through every stage, so the code on the answer path is compiled, and a local
   * model loaded, before a visitor's question needs them. Called just after the server starts
   * listening. An endpoint would bill the search, so then the index alone is warmed.
   */
  warmUp(): void {
    if (this.opts.embedder?.local) void this.search(WARM_UP_QUESTION, 1).catch(() => undefined);
    else this.opts.index.search(WARM_UP_QUESTION, 1);
  }

  /**
   * What the bot would retrieve. Waits for the question's embedding at most `embedTimeoutMs`, then goes on
   * without it. `language`: the visitor's, when known (see KnowledgeIndex.search).
   */
  async search(query: string, k: number, language?: Language): Promise<SearchHit[]> {
    const embedder = this.opts.embedder;
    if (!embedder) return this.opts.index.search(query, k, { language });
    const embedding = await embedQuestion(embedder, query, this.opts.embedTimeoutMs ?? 1000, this.opts.logger);
    return this.opts.index.search(query, k, { language, ...(embedding ? { embedding } : {}) });
  }

  documents(): DocumentInfo[] {
    return [...this.docs.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  document(relPath: string): DocumentInfo | undefined {
    return this.docs.get(relPath);
  }

  /**
   * Re-reads one file now, without waiting for the watcher (a save from the console), and
   * resolves once the index reflects it. The watcher's own event for it is then a no-op.
   */
  /**
   * Calls `fn` with each file's path (relative, `/`-separated) after the knowledge base read it
   * again: an edit, a new file, a deletion, a fragment. Several nodes keep their folders alike
   * with it (see KnowledgeSync).
   */
  onFileRead(fn: (relPath: string) => void): () => void {
    this.readers.add(fn);
    return () => this.readers.delete(fn);
  }

  refresh(relPath: string): Promise<void> {
    return this.run(path.join(this.opts.root, relPath));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    await this.watcher?.close();
    this.watcher = undefined;
    await Promise.allSettled([...this.running.values()]);
    // A first load's embedding may still be going: it is called off, not waited for.
    await this.opts.embedder?.close?.();
    await this.vectorsDone;
  }

  private schedule(file: string): void {
    // A late caller (the start-up catch-up, a watcher event in flight) after close: nothing to do.
    if (this.closed || !isKnowledgeFile(file)) return;
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        void this.run(file);
      }, this.opts.debounceMs),
    );
  }

  /** Adds the embedder's vectors to chunks; a failure leaves them without (search still works). */
  private async embed(chunks: Chunk[], rel: string, background = false): Promise<void> {
    const embedder = this.opts.embedder;
    if (!embedder || chunks.length === 0) return;
    try {
      await embedChunks(embedder, chunks, { background });
    } catch (err) {
      if (!this.closed) this.opts.logger.warn({ err, path: rel }, 'chunks not embedded; indexed without their vectors');
    }
  }

  /** Serialises work per file so an older read can never overwrite a newer one. */
  private run(file: string, firstLoad?: FirstLoad): Promise<void> {
    const previous = this.running.get(file) ?? Promise.resolve();
    const next = previous.then(() => this.apply(file, firstLoad));
    const tracked = next.finally(() => {
      if (this.running.get(file) === tracked) this.running.delete(file);
    });
    this.running.set(file, tracked);
    return next;
  }

  /**
   * Indexes one file as it is now. In the first load its words are indexed at once and its
   * vectors added once every file's words are in (its embedding kept in `firstLoad`); for an edit, words
   * and vectors are swapped in together.
   */
  private async apply(file: string, firstLoad?: FirstLoad): Promise<void> {
    const rel = relativeKnowledgePath(this.opts.root, file);
    const log = this.opts.logger;
    try {
      // The first load runs before the server listens: nothing waits on the event loop meanwhile.
      const result = await loadDocument(this.opts.root, file, {
        sync: firstLoad !== undefined,
        baseUrl: this.opts.baseUrl,
      });
      if (result.kind === 'skipped' && result.reason === 'fragment') {
        // Its articles read it again; in the first load they read it as they come.
        if (firstLoad) this.skipped.add(rel);
        else for (const article of this.includes.articlesOf(rel)) this.schedule(path.join(this.opts.root, article));
        return;
      }
      if (result.kind !== 'document') {
        this.includes.set(rel, []);
        this.fingerprints.delete(rel);
        if (this.docs.delete(rel)) {
          this.opts.index.removeDocument(rel);
          this.generation++;
          log.info(
            { path: rel, reason: result.kind === 'skipped' ? result.reason : 'deleted' },
            'knowledge file removed',
          );
        } else if (result.kind === 'skipped') {
          if (firstLoad) this.skipped.add(rel);
          log.info({ path: rel, reason: result.reason }, 'knowledge file skipped');
        }
        return;
      }
      const { doc } = result;
      this.includes.set(rel, result.includes);
      if (this.fingerprints.get(rel) === result.fingerprint) return;
      const started = performance.now();
      const chunks = splitDocument(doc);
      const index = this.opts.index;
      if (firstLoad) {
        index.setDocument(rel, chunks);
        if (this.opts.embedder) this.firstVectors.chunks += chunks.length;
        // Unless an edit has replaced the file meanwhile (its chunks have the same ids).
        if (this.opts.embedder)
          firstLoad.embeds.push(() =>
            this.embed(chunks, rel, true).then(() => {
              this.firstVectors.embedded += chunks.length;
              if (this.fingerprints.get(rel) === result.fingerprint) index.setVectors?.(rel, chunks);
            }),
          );
      } else {
        await this.embed(chunks, rel);
        index.setDocument(rel, chunks);
      }
      const { body: _body, ...info } = doc;
      this.docs.set(rel, { ...info, chunks: chunks.length });
      this.fingerprints.set(rel, result.fingerprint);
      this.generation++;
      if (this.loaded)
        log.info(
          { path: rel, chunks: chunks.length, ms: Math.round(performance.now() - started) },
          'knowledge file indexed',
        );
    } catch (err) {
      log.error({ err, path: rel }, 'knowledge file could not be indexed');
    } finally {
      if (!firstLoad) for (const fn of this.readers) fn(rel);
    }
  }
}
