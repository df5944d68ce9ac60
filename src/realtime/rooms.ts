/** Socket.IO room of everyone following one conversation (visitor tabs and, later, agents). */
export const conversationRoom = (conversationId: string) => `conv:${conversationId}`;

/** Every connection of one visitor, on `/visitor` (to close them when their data is erased). */
export const visitorRoom = (visitorId: string) => `visitor:${visitorId}`;

/** Agents watching one conversation, on `/agent`. */
export function watchRoom(conversationId: string): string {
  return `watch:${conversationId}`;
}

/** Every connection of one agent, on `/agent` (to sign them out everywhere). */
export function agentRoom(agentId: string): string {
  return `agent:${agentId}`;
}
