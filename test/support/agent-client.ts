import { io, type Socket } from 'socket.io-client';
import type { Agent } from '../../src/protocol/http-api';
import { TEST_ADMIN } from './test-app';

/** A real Socket.IO client on `/agent`, connected with a session token. */
export async function connectAgent(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}/agent`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('agent socket did not connect within 5 s')), 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  return socket;
}

/** Emits and resolves with the ack (`{ ok, ... }`). */
export function call<T = any>(socket: Socket, event: string, payload: unknown): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, payload) as Promise<T>;
}

/** JSON API helper with the agent's bearer token. */
export function api(url: string, token: string) {
  const request = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => request('GET', path, undefined, headers),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      request('POST', path, body ?? {}, headers),
    put: (path: string, body: unknown, headers?: Record<string, string>) => request('PUT', path, body, headers),
    del: (path: string, headers?: Record<string, string>) => request('DELETE', path, undefined, headers),
  };
}

/** Creates an agent through the admin API and signs them in. */
export async function addAgent(
  url: string,
  adminToken: string,
  who: { email: string; name: string; role?: 'admin' | 'agent' },
): Promise<{ agent: Agent; token: string }> {
  const password = 'a long enough password';
  const res = await api(url, adminToken).post('/agents', {
    email: who.email,
    name: who.name,
    role: who.role ?? 'agent',
    password,
  });
  if (res.status !== 201) throw new Error(`could not add agent: ${res.status} ${res.text}`);
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: who.email, password }),
  });
  return { agent: res.json.agent, token: ((await login.json()) as { token: string }).token };
}

export { TEST_ADMIN };
