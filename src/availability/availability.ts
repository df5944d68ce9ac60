import type { BusinessHours } from './business-hours';

/** Who is in the console now, on every node (the realtime layer reads it from the agents' sockets). */
export interface AgentPresence {
  /** Agents with at least one console open and not set to away. */
  onlineAgentIds(): Promise<string[]>;
}

export interface AvailabilityState {
  /** Within business hours (always, without a schedule). */
  open: boolean;
  agentsOnline: number;
  /** Someone can join a conversation now. */
  available: boolean;
  /** When the team is next in (ISO 8601), if closed now. */
  nextOpening: string | null;
  /** The business hours' time zone, for telling the visitor when. */
  timeZone: string;
}

/**
 * Whether a person can answer now: within business hours and with an agent online. Expected
 * waits come from how long the last visitors waited before an agent joined, on this node.
 */
export class Availability {
  private readonly waits: number[] = [];

  constructor(
    private readonly o: { hours: () => Promise<BusinessHours>; presence: AgentPresence },
    private readonly now: () => number = Date.now,
  ) {}

  async state(): Promise<AvailabilityState> {
    const at = new Date(this.now());
    const hours = await this.o.hours();
    const open = hours.isOpen(at);
    // Presence is asked of every node: skipped when closed, where the answer would not matter.
    const agentsOnline = open ? (await this.o.presence.onlineAgentIds()).length : 0;
    const next = open ? null : hours.nextOpening(at);
    return {
      open,
      agentsOnline,
      available: open && agentsOnline > 0,
      nextOpening: next?.toISOString() ?? null,
      timeZone: hours.timeZone,
    };
  }

  /** An agent joined a visitor who had waited `ms`. */
  joinedAfter(ms: number): void {
    this.waits.push(ms);
    if (this.waits.length > 50) this.waits.shift();
  }

  /** The median of the recent waits, in whole minutes (at least 1); undefined before any. */
  expectedWaitMinutes(): number | undefined {
    if (this.waits.length === 0) return undefined;
    const sorted = [...this.waits].sort((a, b) => a - b);
    return Math.max(1, Math.round(sorted[Math.floor(sorted.length / 2)] / 60_000));
  }
}
