import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { Server } from 'socket.io';

/**
 * The physical floor: a bare Socket.IO server that relays the same fake upstream through the
 * same `openai` SDK, with nothing else (no store, no retrieval, no prompt building). Whatever
 * Answerdesk adds on top of this is ours to shrink. Its `/visitor` namespace only greets, as
 * the floor for idle connections.
 */
export async function startFloorServer(baseURL?: string): Promise<{ url: string; close(): Promise<void> }> {
  const client = new OpenAI({ apiKey: 'not-needed', baseURL, maxRetries: 0 });
  const server = http.createServer();
  const io = new Server(server, { serveClient: false });
  io.of('/visitor').on('connection', (socket) => socket.emit('session', {}));
  io.of('/floor').on('connection', (socket) => {
    socket.on('ask', async (p: { id: string; text: string }) => {
      const stream = await client.chat.completions.create({
        model: 'floor',
        messages: [{ role: 'user', content: p.text }],
        stream: true,
      });
      let offset = 0;
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (!delta) continue;
        socket.emit('delta', { id: p.id, delta, offset });
        offset += delta.length;
      }
      socket.emit('end', { id: p.id });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((r) => io.close(() => r()));
    },
  };
}
