import { randomUUID } from 'node:crypto';
import type { AgentDesk } from '../agents/agent-desk';
import type { AuthService } from '../agents/auth-service';
import type { ChatService } from '../chat/chat-service';
import { AppError } from '../errors';
import type { HistoryStore } from '../history/history-store';
import type { RateLimits } from '../limits/rate-limits';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics/metrics';
import type { Attachment, Message } from '../protocol/dto';
import type { Agent } from '../protocol/http-api';
import type { FileStore, FileVariant, StoredFile } from './file-store';
import { fileTypeOf, isImage } from './file-type';
import { imageCopies } from './image-copies';
import { fileNameFor } from './file-name';

/** Who is sending or reading a file: a visitor (their own conversations only) or a signed-in agent. */
export type Party = { kind: 'visitor'; visitorId: string } | { kind: 'agent'; agent: Agent };

/** Agents may send files even where visitors' uploads are off (MAX_FILE_BYTES=0), up to this. */
const AGENT_DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export interface AttachmentsOptions {
  files: FileStore;
  history: HistoryStore;
  chat: ChatService;
  desk: AgentDesk;
  auth: AuthService;
  limiter: RateLimits;
  limits: { maxFileBytes: number; filesPerWindow: number; windowMs: number };
  metrics: Metrics;
  logger: Logger;
}

/** Refusals counted apart in the metrics, by error code. */
const REFUSALS = {
  unsupported_file_type: 'refused_type',
  file_too_large: 'too_large',
  rate_limited: 'rate_limited',
} as const;

/**
 * Photos and files in conversations. A file is checked (size, then its type by content), an
 * image is re-encoded without its metadata and given a thumbnail, then it is kept and sent as a
 * message. Files are served only to the conversation's visitor and to agents.
 */
export class Attachments {
  constructor(private readonly o: AttachmentsOptions) {}

  /** Largest file `party` may send, in bytes. */
  maxBytes(party: Party): number {
    return party.kind === 'agent' ? this.o.limits.maxFileBytes || AGENT_DEFAULT_MAX_BYTES : this.o.limits.maxFileBytes;
  }

  /** Checks, cleans and keeps a file, and sends it as the party's message; counted by outcome. */
  async upload(party: Party, input: Parameters<Attachments['store']>[1]): Promise<Message> {
    try {
      return await this.store(party, input);
    } catch (err) {
      const refusal = err instanceof AppError ? REFUSALS[err.code as keyof typeof REFUSALS] : undefined;
      if (refusal) this.o.metrics.file(party.kind, refusal);
      throw err;
    }
  }

  private async store(
    party: Party,
    input: {
      conversationId: string;
      clientMessageId: string;
      name: string;
      /** Reads the file, refusing it past `maxBytes`: called once the sender may write here. */
      body: (maxBytes: number) => Promise<Buffer>;
      text?: string;
      originId?: string;
    },
  ): Promise<Message> {
    // Who may write here is settled before anything is read or kept.
    if (party.kind === 'visitor') {
      if (this.o.limits.maxFileBytes === 0) throw new AppError('uploads_disabled');
      await this.o.chat.assertOwner(party.visitorId, input.conversationId);
      const { filesPerWindow, windowMs } = this.o.limits;
      await this.o.limiter.take([{ key: `files:${party.visitorId}`, capacity: filesPerWindow, windowMs }]);
    } else {
      this.o.auth.require(party.agent, 'conversations:act');
      if (!(await this.o.history.getConversation(input.conversationId))) throw new AppError('conversation_not_found');
    }
    const sent = await input.body(this.maxBytes(party));
    const type = fileTypeOf(sent);
    const copies = isImage(type) ? await imageCopies(sent, type) : undefined;
    const data = copies?.data ?? sent;
    const attachment: Attachment = {
      id: randomUUID(),
      name: fileNameFor(input.name, type),
      type,
      size: data.length,
      ...(copies ? { width: copies.width, height: copies.height } : {}),
    };
    const stored: StoredFile = {
      ...attachment,
      conversationId: input.conversationId,
      createdAt: new Date().toISOString(),
      from: party.kind,
    };
    await this.o.files.put(stored, data, copies?.thumbnail);
    try {
      const message =
        party.kind === 'visitor'
          ? (
              await this.o.chat.sendVisitorFiles({
                visitorId: party.visitorId,
                conversationId: input.conversationId,
                clientMessageId: input.clientMessageId,
                attachments: [attachment],
                originId: input.originId,
              })
            ).message
          : await this.o.desk.reply(party.agent, {
              conversationId: input.conversationId,
              clientMessageId: input.clientMessageId,
              text: input.text ?? '',
              attachments: [attachment],
              originId: input.originId,
            });
      // A resend of a message already stored: the first upload's file is the one it shows.
      if (message.attachments?.[0]?.id !== attachment.id) await this.o.files.delete(attachment.id);
      else this.o.metrics.file(party.kind, 'stored');
      return message;
    } catch (err) {
      await this.o.files.delete(attachment.id).catch(() => undefined);
      throw err;
    }
  }

  /** A file's bytes, for its conversation's visitor or an agent; anyone else is told it does not exist. */
  async open(party: Party, fileId: string, variant: FileVariant): Promise<{ file: StoredFile; data: Buffer }> {
    const file = await this.o.files.get(fileId);
    if (!file) throw new AppError('file_not_found');
    if (party.kind === 'agent') this.o.auth.require(party.agent, 'conversations:read');
    else {
      const conversation = await this.o.history.getConversation(file.conversationId);
      if (conversation?.visitorId !== party.visitorId) throw new AppError('file_not_found');
    }
    const data = await this.o.files.read(fileId, variant);
    if (!data) throw new AppError('file_not_found');
    return { file, data };
  }

  /** Deletes the files of conversations that no longer exist (erased, or past retention); returns how many. */
  async sweep(): Promise<number> {
    const gone: string[] = [];
    for (const id of await this.o.files.conversations()) if (!(await this.o.history.getConversation(id))) gone.push(id);
    const n = await this.o.files.deleteConversations(gone);
    if (n > 0) this.o.logger.info({ files: n, conversations: gone.length }, 'files of deleted conversations removed');
    return n;
  }
}
