import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { RedisClient } from '../history/redis-connection';
import {
  listKnowledgeFiles,
  MAX_KNOWLEDGE_FILE_BYTES,
  relativeKnowledgePath,
  versionOf,
} from '../knowledge/documents/load-document';
import { atomicWrite } from '../knowledge/documents/atomic-write';
import { checkKnowledgePath } from '../knowledge/documents/knowledge-path';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import type { Logger } from '../logger';

/** A file as the cluster knows it: its version and bytes (base64), or a deletion. */
interface Entry {
  v: string;
  /** Base64 of the file's bytes; null when the file was deleted. */
  c: string | null;
}

/**
 * The knowledge folder kept alike on every node through Redis, with no shared file system. A
 * hash holds every file's latest bytes (or its deletion); a channel says which changed. A file
 * edited on any node (in the console, or on its disk) is written to the hash and announced;
 * every other node writes it into its own folder and re-indexes it. A node that starts late
 * takes what changed while it was away; the first node to start fills the hash from its folder.
 * A node writes a file it received only when its own copy differs, so nothing echoes.
 */
export class KnowledgeSync {
  private subscriber?: RedisClient;
  private readonly hashKey: string;
  private readonly channel: string;
  /** Files being written from the cluster: their re-read must not be announced back. */
  private readonly applying = new Set<string>();
  private unsubscribe?: () => void;

  constructor(
    private readonly o: {
      client: RedisClient;
      knowledge: KnowledgeBase;
      root: string;
      logger: Logger;
      prefix?: string;
    },
  ) {
    const prefix = o.prefix ?? 'answerdesk:';
    this.hashKey = `${prefix}knowledge:files`;
    this.channel = `${prefix}knowledge:changed`;
  }

  /** Catches up with the cluster, seeds what it lacks, then follows it. */
  async start(): Promise<void> {
    this.subscriber = this.o.client.duplicate();
    this.subscriber.on('error', () => undefined);
    await this.subscriber.connect();
    await this.subscriber.subscribe(this.channel, (rel) => {
      void this.pull(rel).catch((err) => this.o.logger.warn({ err, path: rel }, 'knowledge change not applied'));
    });
    this.unsubscribe = this.o.knowledge.onFileRead((rel) => {
      if (this.applying.has(rel)) return;
      void this.push(rel).catch((err) => this.o.logger.warn({ err, path: rel }, 'knowledge change not shared'));
    });
    const known = await this.o.client.hGetAll(this.hashKey);
    for (const rel of Object.keys(known)) await this.pull(rel, parse(known[rel]));
    // What this node has and the cluster does not (the first node, or files added offline).
    for (const file of await listKnowledgeFiles(this.o.root)) {
      const rel = relativeKnowledgePath(this.o.root, file);
      if (!(rel in known)) await this.push(rel, { onlyIfAbsent: true });
    }
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.subscriber?.quit().catch(() => undefined);
  }

  /** Shares this node's copy of a file, when it differs from the cluster's. */
  private async push(rel: string, opts: { onlyIfAbsent?: boolean } = {}): Promise<void> {
    const local = await this.read(rel);
    const entry: Entry = local ? { v: versionOf(local), c: local.toString('base64') } : { v: 'deleted', c: null };
    const current = parse(await this.o.client.hGet(this.hashKey, rel));
    if (current?.v === entry.v) return;
    if (opts.onlyIfAbsent) {
      if (!(await this.o.client.hSetNX(this.hashKey, rel, JSON.stringify(entry)))) return;
    } else await this.o.client.hSet(this.hashKey, rel, JSON.stringify(entry));
    await this.o.client.publish(this.channel, rel);
  }

  /** Makes this node's copy of a file what the cluster has. */
  private async pull(rel: string, known?: Entry): Promise<void> {
    checkKnowledgePath(rel);
    const entry = known ?? parse(await this.o.client.hGet(this.hashKey, rel));
    if (!entry) return;
    const local = await this.read(rel);
    if ((local ? versionOf(local) : 'deleted') === entry.v) return;
    const abs = path.join(this.o.root, rel);
    this.applying.add(rel);
    try {
      if (entry.c === null) await fs.rm(abs, { force: true });
      else await atomicWrite(abs, Buffer.from(entry.c, 'base64'));
      await this.o.knowledge.refresh(rel);
      this.o.logger.info({ path: rel, deleted: entry.c === null }, 'knowledge file taken from the cluster');
    } finally {
      this.applying.delete(rel);
    }
  }

  private async read(rel: string): Promise<Buffer | null> {
    try {
      const abs = path.join(this.o.root, rel);
      const stat = await fs.lstat(abs);
      if (!stat.isFile() || stat.size > MAX_KNOWLEDGE_FILE_BYTES) return null;
      return await fs.readFile(abs);
    } catch {
      return null;
    }
  }
}

function parse(raw: string | undefined | null): Entry | undefined {
  if (!raw) return undefined;
  try {
    const e = JSON.parse(raw) as Entry;
    return typeof e.v === 'string' ? e : undefined;
  } catch {
    return undefined;
  }
}
