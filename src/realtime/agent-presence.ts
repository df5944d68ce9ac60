import type { AgentPresence } from '../availability/availability';
import { type AppServer, agentNamespace } from './namespaces';

/** Longest wait for the other nodes' lists of agent sockets. */
const ASK_NODES_MS = 1000;

/**
 * Presence from the agents' sockets, on every node (the adapter asks the others): an agent is
 * online with at least one console open that is not set to away.
 */
export function socketAgentPresence(
  io: AppServer,
): AgentPresence & { byStatus(): Promise<{ online: string[]; away: string[] }> } {
  const byStatus = async () => {
    const sockets = await agentNamespace(io).timeout(ASK_NODES_MS).fetchSockets();
    const online = new Set<string>();
    const seen = new Set<string>();
    for (const s of sockets) {
      seen.add(s.data.agentId);
      if (!s.data.away) online.add(s.data.agentId);
    }
    return { online: [...online], away: [...seen].filter((id) => !online.has(id)) };
  };
  return { byStatus, onlineAgentIds: async () => (await byStatus()).online };
}
