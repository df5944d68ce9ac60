import { createHash, randomBytes } from 'node:crypto';
import type { LoginThrottle } from './login-throttle';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { Agent, AgentRole, LoginResult } from '../protocol/http-api';
import { can, publicAgent, type Permission } from './agent';
import type { AgentStore } from './agent-store';
import { hashPassword, verifyPassword } from './passwords';

export interface AuthServiceOptions {
  store: AgentStore;
  logger: Logger;
  sessionTtlMs: number;
  /** Its own limits: sign-in limits stay on when message limits are off for a benchmark. */
  throttle: LoginThrottle;
  /** Called after an agent is removed or their password changed, so their open connections can be closed. */
  onSessionsEnded?: (agentId: string) => void;
  /** Called after an agent is removed (after their sessions ended), so their conversations can be requeued. */
  onAgentRemoved?: (agentId: string) => Promise<unknown>;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Agent accounts and sessions. Tokens are opaque random strings; only their hash is stored, so
 * a leaked database does not sign anyone in, and removing an agent ends their sessions at once.
 */
export class AuthService {
  private dummyHash?: Promise<string>;

  constructor(private readonly o: AuthServiceOptions) {}

  /** Each attempt is counted and spaced by the throttle before its password is checked (see LoginThrottle). */
  async login(email: string, password: string, ip: string): Promise<LoginResult> {
    const found = await this.o.throttle.attempt(email, ip, async () => {
      const agent = await this.o.store.agentByEmail(email);
      // An unknown email costs the same hash check, so timing does not reveal who has an account.
      const ok = await verifyPassword(agent?.passwordHash ?? (await this.dummy()), password);
      return agent && ok ? agent : null;
    });
    if (!found) {
      this.o.logger.warn({ ip }, 'failed sign-in');
      throw new AppError('invalid_credentials');
    }
    const token = `ad_${randomBytes(32).toString('base64url')}`;
    const expiresAt = new Date(Date.now() + this.o.sessionTtlMs).toISOString();
    await this.o.store.createSession({ tokenHash: tokenHash(token), agentId: found.id, expiresAt });
    this.o.logger.info({ agentId: found.id }, 'agent signed in');
    return { token, agent: publicAgent(found), expiresAt };
  }

  /** The agent a bearer token belongs to; throws `unauthorized` for a missing, unknown or expired one. */
  async authenticate(token: string | undefined): Promise<Agent> {
    if (!token || token.length > 200) throw new AppError('unauthorized');
    const session = await this.o.store.getSession(tokenHash(token));
    const agent = session && (await this.o.store.getAgent(session.agentId));
    if (!agent) throw new AppError('unauthorized', 'Your session has ended. Sign in again.');
    return agent;
  }

  async logout(token: string): Promise<void> {
    await this.o.store.deleteSession(tokenHash(token));
  }

  /**
   * On a store with no agents, creates the first admin: from ADMIN_EMAIL / ADMIN_PASSWORD, or
   * with a generated password that is logged this once (it is not stored anywhere readable).
   */
  async ensureFirstAdmin(admin: { email: string; password?: string }): Promise<void> {
    if ((await this.o.store.listAgents()).length > 0) return;
    const password = admin.password ?? randomBytes(12).toString('base64url');
    try {
      await this.o.store.createAgent({
        email: admin.email,
        name: 'Admin',
        role: 'admin',
        passwordHash: await hashPassword(password),
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'email_taken') return; // another node got there first
      throw err;
    }
    if (admin.password)
      this.o.logger.info({ email: admin.email }, 'first admin created from ADMIN_EMAIL / ADMIN_PASSWORD');
    // In the message, not a field: the logger redacts fields named `password`, on purpose.
    else
      this.o.logger.warn(
        { email: admin.email },
        `first admin created: sign in at /console as ${admin.email} with the generated password ${password} (shown only this once; set ADMIN_PASSWORD to choose one)`,
      );
  }

  listAgents(): Promise<Agent[]> {
    return this.o.store.listAgents();
  }

  async addAgent(
    actor: Agent,
    input: { email: string; name: string; role: AgentRole; password: string },
  ): Promise<Agent> {
    this.require(actor, 'agents:manage');
    const agent = await this.o.store.createAgent({
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    });
    this.o.logger.info({ by: actor.id, agentId: agent.id, role: agent.role }, 'agent added');
    return agent;
  }

  /**
   * A new password for an agent: by an admin for anyone, by an agent for themself (with their
   * current password). Every session of that agent ends, so a stolen one stops working.
   */
  async setPassword(actor: Agent, id: string, input: { password: string; currentPassword?: string }): Promise<void> {
    if (actor.id === id) {
      const me = await this.o.store.agentByEmail(actor.email);
      if (!me || !input.currentPassword || !(await verifyPassword(me.passwordHash, input.currentPassword)))
        throw new AppError('invalid_credentials', 'The current password is wrong.');
    } else this.require(actor, 'agents:manage');
    if (!(await this.o.store.setPassword(id, await hashPassword(input.password))))
      throw new AppError('not_found', 'No such agent.');
    this.o.logger.info({ by: actor.id, agentId: id }, 'agent password changed');
    this.o.onSessionsEnded?.(id);
  }

  /** Agents rename themselves; admins anyone. */
  async renameAgent(actor: Agent, id: string, name: string): Promise<Agent> {
    if (actor.id !== id) this.require(actor, 'agents:manage');
    if (!(await this.o.store.renameAgent(id, name))) throw new AppError('not_found', 'No such agent.');
    this.o.logger.info({ by: actor.id, agentId: id }, 'agent renamed');
    return (await this.o.store.getAgent(id)) as Agent;
  }

  async removeAgent(actor: Agent, id: string): Promise<void> {
    this.require(actor, 'agents:manage');
    const agents = await this.o.store.listAgents();
    const target = agents.find((a) => a.id === id);
    if (!target) throw new AppError('not_found', 'No such agent.');
    if (target.role === 'admin' && agents.filter((a) => a.role === 'admin').length === 1)
      throw new AppError('last_admin');
    await this.o.store.deleteAgent(id);
    this.o.logger.info({ by: actor.id, agentId: id }, 'agent removed');
    this.o.onSessionsEnded?.(id);
    await this.o.onAgentRemoved?.(id);
  }

  /** Throws `forbidden` unless the agent's role allows `permission`. */
  require(agent: Agent, permission: Permission): void {
    if (!can(agent, permission)) throw new AppError('forbidden', 'Your role does not allow this.');
  }

  private dummy(): Promise<string> {
    return (this.dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
  }
}
