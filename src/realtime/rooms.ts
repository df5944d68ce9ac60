/** Socket.IO room of everyone following one conversation (visitor tabs and, later, agents). */
export const conversationRoom = (conversationId: string) => `conv:${conversationId}`;
