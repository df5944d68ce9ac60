import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { Agent, CannedReply } from '../protocol/http-api';
import type { AgentStore } from './agent-store';
import type { AuthService } from './auth-service';

/** The team's canned replies: every agent may use, add, change and remove them. */
export class CannedReplies {
  constructor(private readonly o: { store: AgentStore; auth: AuthService }) {}

  list(agent: Agent): Promise<CannedReply[]> {
    this.o.auth.require(agent, 'conversations:act');
    return this.o.store.listCannedReplies();
  }

  async save(agent: Agent, input: { id?: string; shortcut: string; text: string }): Promise<CannedReply> {
    this.o.auth.require(agent, 'conversations:act');
    if (input.id && !(await this.o.store.listCannedReplies()).some((r) => r.id === input.id))
      throw new AppError('not_found', 'No such canned reply.');
    return this.o.store.saveCannedReply({
      id: input.id ?? randomUUID(),
      shortcut: input.shortcut,
      text: input.text,
      updatedAt: new Date().toISOString(),
    });
  }

  async remove(agent: Agent, id: string): Promise<void> {
    this.o.auth.require(agent, 'conversations:act');
    if (!(await this.o.store.deleteCannedReply(id))) throw new AppError('not_found', 'No such canned reply.');
  }
}
