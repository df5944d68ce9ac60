import { promises as fs } from 'node:fs';
import { atomicWrite } from '../knowledge/documents/atomic-write';
import path from 'node:path';
import type { Agent, KnowledgeChange, KnowledgeFile, KnowledgeFileContent } from '../protocol/http-api';
import type { AgentStore } from './agent-store';
import type { AuthService } from './auth-service';
import { SerialQueue } from '../chat/serial-queue';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { parseFrontMatter } from '../knowledge/documents/front-matter';
import type { KnowledgeBase } from '../knowledge/knowledge-base';
import { checkKnowledgePath, resolveKnowledgePath } from '../knowledge/documents/knowledge-path';
import {
  listKnowledgeFiles,
  MAX_KNOWLEDGE_FILE_BYTES,
  relativeKnowledgePath,
  titleOf,
  versionOf,
} from '../knowledge/documents/load-document';

/**
 * The console's editor over the knowledge folder. Every path is checked and confined (no
 * traversal, no symlinks, knowledge extensions only); writes are atomic (temp file, then
 * rename) and guarded by the version the editor started from, so a second save of the same
 * version is refused instead of overwriting the first; every change is recorded with who and
 * when; and the index is updated before the call returns.
 */
export class KnowledgeFiles {
  private readonly queue = new SerialQueue();

  constructor(
    private readonly o: {
      root: string;
      knowledge: KnowledgeBase;
      agents: AgentStore;
      auth: AuthService;
      logger: Logger;
    },
  ) {}

  async list(agent: Agent): Promise<KnowledgeFile[]> {
    this.o.auth.require(agent, 'knowledge:read');
    const files = await listKnowledgeFiles(this.o.root);
    const out = await Promise.all(
      files.map((f) => this.describe(relativeKnowledgePath(this.o.root, f), f).catch(() => null)),
    );
    return out.filter((f): f is KnowledgeFileContent => f !== null).map(({ content: _content, ...file }) => file);
  }

  async read(agent: Agent, rel: string): Promise<KnowledgeFileContent> {
    this.o.auth.require(agent, 'knowledge:read');
    const abs = await resolveKnowledgePath(this.o.root, rel);
    const file = await this.describe(rel, abs);
    if (!file) throw new AppError('not_found', 'No such knowledge file.');
    return file;
  }

  /**
   * Creates the file (no `baseVersion`: refused if it exists) or replaces it (`baseVersion`
   * must be its current version).
   */
  write(agent: Agent, rel: string, content: string, baseVersion?: string): Promise<KnowledgeFile> {
    this.o.auth.require(agent, 'knowledge:write');
    const checked = checkKnowledgePath(rel);
    if (Buffer.byteLength(content) > MAX_KNOWLEDGE_FILE_BYTES)
      throw new AppError('payload_too_large', 'A knowledge file may be at most 2 MB.');
    return this.queue.run(checked, async () => {
      const abs = await resolveKnowledgePath(this.o.root, checked);
      const current = await this.describe(checked, abs);
      if (baseVersion === undefined && current)
        throw new AppError('file_exists', `${checked} already exists; open it to edit it.`);
      if (baseVersion !== undefined && !current)
        throw new AppError('not_found', 'No such knowledge file (it was deleted or renamed).');
      if (baseVersion !== undefined && current && current.version !== baseVersion) throw conflict(current.version);
      await atomicWrite(abs, content);
      return this.changed(agent, current ? 'update' : 'create', checked);
    });
  }

  remove(agent: Agent, rel: string, baseVersion?: string): Promise<void> {
    this.o.auth.require(agent, 'knowledge:delete');
    const checked = checkKnowledgePath(rel);
    return this.queue.run(checked, async () => {
      const abs = await resolveKnowledgePath(this.o.root, checked);
      const current = await this.describe(checked, abs);
      if (!current) throw new AppError('not_found', 'No such knowledge file.');
      if (baseVersion !== undefined && current.version !== baseVersion) throw conflict(current.version);
      await fs.unlink(abs);
      await this.o.knowledge.refresh(checked);
      await this.record(agent, { action: 'delete', path: checked });
    });
  }

  rename(agent: Agent, from: string, to: string, baseVersion?: string): Promise<KnowledgeFile> {
    this.o.auth.require(agent, 'knowledge:delete');
    const src = checkKnowledgePath(from);
    const dst = checkKnowledgePath(to);
    // Both paths are locked, always in the same order, so two renames cannot deadlock.
    const [first, second] = [src, dst].sort();
    return this.queue.run(first, () =>
      this.queue.run(second === first ? `${second}#` : second, async () => {
        const [absFrom, absTo] = await Promise.all([
          resolveKnowledgePath(this.o.root, src),
          resolveKnowledgePath(this.o.root, dst),
        ]);
        const current = await this.describe(src, absFrom);
        if (!current) throw new AppError('not_found', 'No such knowledge file.');
        if (baseVersion !== undefined && current.version !== baseVersion) throw conflict(current.version);
        if (src !== dst && (await fs.lstat(absTo).catch(() => null)))
          throw new AppError('file_exists', `${dst} already exists.`);
        await fs.mkdir(path.dirname(absTo), { recursive: true });
        await fs.rename(absFrom, absTo);
        await this.o.knowledge.refresh(src);
        return this.changed(agent, 'rename', dst, src);
      }),
    );
  }

  async changes(agent: Agent, rel?: string): Promise<KnowledgeChange[]> {
    this.o.auth.require(agent, 'knowledge:read');
    return this.o.agents.listChanges({ path: rel === undefined ? undefined : checkKnowledgePath(rel), limit: 200 });
  }

  private async changed(
    agent: Agent,
    action: KnowledgeChange['action'],
    rel: string,
    from?: string,
  ): Promise<KnowledgeFile> {
    await this.o.knowledge.refresh(rel);
    const file = await this.describe(rel, path.join(this.o.root, rel));
    if (!file) throw new AppError('internal');
    await this.record(agent, { action, path: rel, from, version: file.version });
    const { content: _content, ...info } = file;
    return info;
  }

  private async record(agent: Agent, c: Omit<KnowledgeChange, 'at' | 'agentId' | 'agentName'>): Promise<void> {
    const change: KnowledgeChange = { at: new Date().toISOString(), agentId: agent.id, agentName: agent.name, ...c };
    if (change.from === undefined) delete change.from;
    if (change.version === undefined) delete change.version;
    await this.o.agents.recordChange(change);
    this.o.logger.info({ agentId: agent.id, action: c.action, path: c.path }, 'knowledge file changed');
  }

  /** The file as it is on disk now, or null when it does not exist. */
  private async describe(rel: string, abs: string): Promise<KnowledgeFileContent | null> {
    const stat = await fs.lstat(abs).catch(() => null);
    if (!stat) return null;
    if (!stat.isFile()) throw new AppError('invalid_path', 'Invalid path: not a regular file.', { field: 'path' });
    const buf = await fs.readFile(abs);
    const content = buf.toString('utf8');
    const { data, body } = parseFrontMatter(content);
    const indexed = this.o.knowledge.document(rel);
    const file: KnowledgeFileContent = {
      path: rel,
      title: indexed?.title ?? titleOf(data, rel, body),
      draft: data.draft === true,
      version: versionOf(buf),
      bytes: buf.length,
      updatedAt: stat.mtime.toISOString(),
      chunks: indexed?.chunks ?? 0,
      content,
    };
    if (indexed?.url) file.url = indexed.url;
    return file;
  }
}

function conflict(currentVersion: string): AppError {
  return new AppError(
    'version_conflict',
    `The file changed since you opened it (now version ${currentVersion}). Reload it, then apply your edit again.`,
  );
}
