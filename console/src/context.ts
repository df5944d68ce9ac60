import type { AgentServerEvents } from '../../src/protocol/agent-events';
import type { Agent } from '../../src/protocol/http-api';
import type { Api } from './api';
import type { LiveSocket } from './live';

/** What every view gets: the API, the live socket, who is signed in, and the shell's helpers. */
export interface Ctx {
  api: Api;
  live: LiveSocket;
  agent: Agent;
  /** Agent names by id, for "who owns this" and message authors. */
  agentNames: Map<string, string>;
  toast(text: string, kind?: 'info' | 'error' | 'alert'): void;
  navigate(hash: string): void;
  /** Subscribes to a live event until the view is destroyed. */
  on<E extends keyof AgentServerEvents | 'connect'>(
    event: E,
    fn: E extends keyof AgentServerEvents ? AgentServerEvents[E] : () => void,
  ): void;
}

/** A mounted page of the console. */
export interface View {
  destroy(): void;
}

/** Human times for lists: "just now", "5 min ago", "14:03", "3 Nov". */
export function ago(iso: string, now = Date.now()): string {
  const ms = now - Date.parse(iso);
  if (ms < 45_000) return 'just now';
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min ago`;
  const d = new Date(iso);
  if (ms < 86_400_000) return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return d.toLocaleDateString([], { day: 'numeric', month: 'short' });
}

export function ms(v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  return v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms`;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : 'Something went wrong.';
}
