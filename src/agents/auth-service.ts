import { createHash, randomBytes } from 'node:crypto';
import type { RateLimiter } from '../chat/rate-limiter';
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
  /** Its own limiter: sign-in limits stay on when message limits are off for a benchmark. */
  loginLimiter: RateLimiter;
  loginLimit: number;
  /** Called after an agent is removed, so their open connections can be closed. */
  onAgentRemoved?: (agentId: string) => void;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Agent accounts and sessions. Tokens are opaque random strings; only their hash is stored, so
 * a leaked database does not sign anyone in, and removing an agent ends their sessions at once.
 */
export class AuthService {
  private dummyHash?: Promise<string>;

  constructor(private readonly o: AuthServiceOptions) {}

  /**
   * Failed attempts are limited per email (`loginLimit` per 15 minutes) and per IP address (five
   * times that, for offices behind one address); successful sign-ins cost nothing.
   */
  async login(email: string, password: string, ip: string): Promise<LoginResult> {
    const limits = [
      { key: `login-email:${email.toLowerCase()}`, capacity: this.o.loginLimit },
      { key: `login-ip:${ip}`, capacity: this.o.loginLimit * 5 },
    ];
    try {
      this.o.loginLimiter.check(limits);
    } catch (err) {
      if (err instanceof AppError)
        throw new AppError('rate_limited', 'Too many sign-in attempts. Please wait and try again.', {
          retryAfterMs: err.opts.retryAfterMs,
        });
      throw err;
    }
    const found = await this.o.store.agentByEmail(email);
    // An unknown email costs the same hash check, so timing does not reveal who has an account.
    const ok = await verifyPassword(found?.passwordHash ?? (await this.dummy()), password);
    if (!found || !ok) {
      this.o.loginLimiter.charge(limits);
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

  async removeAgent(actor: Agent, id: string): Promise<void> {
    this.require(actor, 'agents:manage');
    const agents = await this.o.store.listAgents();
    const target = agents.find((a) => a.id === id);
    if (!target) throw new AppError('not_found', 'No such agent.');
    if (target.role === 'admin' && agents.filter((a) => a.role === 'admin').length === 1)
      throw new AppError('last_admin');
    await this.o.store.deleteAgent(id);
    this.o.logger.info({ by: actor.id, agentId: id }, 'agent removed');
    this.o.onAgentRemoved?.(id);
  }

  /** Throws `forbidden` unless the agent's role allows `permission`. */
  require(agent: Agent, permission: Permission): void {
    if (!can(agent, permission)) throw new AppError('forbidden', 'Your role does not allow this.');
  }

  private dummy(): Promise<string> {
    return (this.dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
  }
}
