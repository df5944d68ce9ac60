import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './redis-server';

const ROOT = path.resolve(__dirname, '../..');

export interface ReverseProxy {
  /** https://localhost:<port> */
  url: string;
  /** http://localhost:<port>, which redirects to `url`. */
  plainUrl: string;
  /** The self-signed certificate's PEM, for clients to trust. */
  ca: string;
  output(): string;
  stop(): Promise<void>;
}

/** True when the proxy's binary is on PATH. Under CI its absence is a failure, not a skip. */
export function proxyAvailable(binary: 'nginx' | 'caddy'): boolean {
  const found = spawnSync(binary, [binary === 'nginx' ? '-v' : 'version']).status === 0;
  if (!found && process.env.CI) throw new Error(`${binary} is required under CI (apt-get install ${binary})`);
  if (!found) console.warn(`SKIPPED: ${binary} is not installed; its reverse-proxy test did not run.`);
  return found;
}

/**
 * Runs deploy/nginx.conf as shipped, with only what differs on a test machine replaced: the
 * host name (localhost), the ports (free ones), the certificate (self-signed, made here) and the
 * upstream (the test's server).
 */
export async function startNginx(upstreamPort: number): Promise<ReverseProxy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-nginx-'));
  const ca = selfSigned(dir);
  const [http, https] = [await freePort(), await freePort()];
  const site = readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8')
    .replaceAll('support.example.com', 'localhost')
    .replace(/listen 80;/, `listen 127.0.0.1:${http};`)
    .replace(/listen \[::\]:80;/, '')
    .replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${https} ssl http2;`)
    .replace(/listen \[::\]:443 ssl http2;/, '')
    .replace(/ssl_certificate \S+;/, `ssl_certificate ${dir}/cert.pem;`)
    .replace(/ssl_certificate_key \S+;/, `ssl_certificate_key ${dir}/key.pem;`)
    .replace('server 127.0.0.1:3000;', `server 127.0.0.1:${upstreamPort};`)
    .replace('return 301 https://$host$request_uri;', `return 301 https://$host:${https}$request_uri;`);
  writeFileSync(path.join(dir, 'site.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn; worker_processes 1;
     events { worker_connections 256; }
     http { access_log off; ${temp} include ${dir}/site.conf; }`,
  );
  const child = spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  return running(child, dir, ca, `https://localhost:${https}`, `http://localhost:${http}`);
}

/** Runs deploy/Caddyfile as shipped, with the host, ports, upstream and Caddy's own state moved into a temporary folder. */
export async function startCaddy(upstreamPort: number): Promise<ReverseProxy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-caddy-'));
  const [http, https] = [await freePort(), await freePort()];
  const site = readFileSync(path.join(ROOT, 'deploy/Caddyfile'), 'utf8')
    .replace(/^support\.example\.com \{/m, 'localhost {')
    .replace('reverse_proxy 127.0.0.1:3000', `reverse_proxy 127.0.0.1:${upstreamPort}`);
  // Global options a test needs: no admin endpoint, free ports, and the local CA kept in the folder.
  writeFileSync(
    path.join(dir, 'Caddyfile'),
    `{\n\tadmin off\n\thttp_port ${http}\n\thttps_port ${https}\n\tskip_install_trust\n\tstorage file_system ${dir}/data\n\tlocal_certs\n}\n${site}`,
  );
  const child = spawn('caddy', ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir },
  });
  const proxy = await running(child, dir, '', `https://localhost:${https}`, `http://localhost:${http}`);
  // Caddy makes its local CA and the site's certificate after it starts listening: wait for both.
  const root = path.join(dir, 'data/pki/authorities/local/root.crt');
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (existsSync(root)) {
      proxy.ca = readFileSync(root, 'utf8');
      if (await handshakes(proxy)) return proxy;
    }
    if (Date.now() > deadline) {
      await proxy.stop();
      throw new Error(`caddy served no certificate within 15 s: ${proxy.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

function handshakes(proxy: ReverseProxy): Promise<boolean> {
  return new Promise((resolve) => {
    const req = httpsGet(`${proxy.url}/healthz`, { ca: proxy.ca }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
  });
}

function selfSigned(dir: string): string {
  const r = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`openssl failed: ${r.stderr}`);
  return readFileSync(path.join(dir, 'cert.pem'), 'utf8');
}

async function running(
  child: ChildProcess,
  dir: string,
  ca: string,
  url: string,
  plainUrl: string,
): Promise<ReverseProxy> {
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const port = Number(new URL(url).port);
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`proxy exited with ${child.exitCode}: ${out}`);
    const open = await new Promise<boolean>((resolve) => {
      const s = require('node:net').connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`proxy not listening within 15 s: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    plainUrl,
    ca,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
