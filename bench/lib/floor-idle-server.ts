/** A bare Socket.IO server with a `/visitor` namespace and nothing else: the idle-memory floor. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const server = http.createServer();
const io = new Server(server, { serveClient: false });
io.of('/visitor').on('connection', (socket) => socket.emit('session', {}));
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
process.on('SIGTERM', () => process.exit(0));
