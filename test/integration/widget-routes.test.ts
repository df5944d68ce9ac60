import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { startTestApp, type TestApp } from '../support/test-app';

describe('widget, demo page and article pages over HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    writeFileSync(
      path.join(t.knowledgeDir, 'secret-draft.md'),
      '---\ntitle: Unreleased bulb\ndraft: true\n---\nNot yet.\n',
    );
    writeFileSync(
      path.join(t.knowledgeDir, 'inert.md'),
      '---\ntitle: Tricky <b>title</b>\n---\n## Step & go\n\n<script>alert(1)</script> [x](javascript:alert(2))\n',
    );
    await new Promise((r) => setTimeout(r, 400));
  });
  afterAll(() => t.close());

  /** A GET with node:http (fetch decompresses and hides Content-Encoding), the body kept raw. */
  function raw(url: string, headers: Record<string, string> = {}) {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      http
        .get(url, { headers }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve({ status: r.statusCode!, headers: r.headers, body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
  }

  it('serves widget.js to any site as a short URL naming the current build, which is kept for a year and compressed', async () => {
    const short = await raw(`${t.url}/widget.js`);
    expect(short.status).toBe(302);
    expect(short.headers['cache-control']).toBe('public, max-age=300');
    expect(short.headers['access-control-allow-origin']).toBe('*');
    const location = short.headers.location!;
    expect(location).toMatch(/^\/widget\.[0-9a-f]{12}\.js$/);

    const plain = await raw(`${t.url}${location}`);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toContain('answerdesk-widget');
    const br = await raw(`${t.url}${location}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('Accept-Encoding');
    expect(zlib.brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    const gz = await raw(`${t.url}${location}`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(plain.body)).toBe(true);
    // Widget and frame on the wire, compressed as browsers ask: within the 60 KB budget.
    const frame = /src="\/(widget-frame\.[0-9a-f]{12}\.js)"/.exec(
      await (await fetch(`${t.url}/widget/frame`)).text(),
    )![1];
    const frameBr = await raw(`${t.url}/${frame}`, { 'accept-encoding': 'br' });
    expect(frameBr.headers['cache-control']).toContain('immutable');
    expect(br.body.length + frameBr.body.length).toBeLessThan(60 * 1024);

    // An older build's name still works, but is not to be kept.
    const stale = await raw(`${t.url}/widget.000000000000.js`);
    expect(stale.status).toBe(200);
    expect(stale.headers['cache-control']).toBe('no-cache');
  });

  it('names the console’s script by its content hash, kept for a year', async () => {
    const page = await (await fetch(`${t.url}/console`)).text();
    const script = /src="(\/console\/console\.[0-9a-f]{12}\.js)"/.exec(page)![1];
    const res = await raw(`${t.url}${script}`, { 'accept-encoding': 'br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves the demo page at / embedding the widget with one tag, under a strict CSP', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toMatch(/<script src="\/widget.js"[\s\S]*?async><\/script>/);
  });

  it('shows a published article with heading anchors, rendering its HTML and script links inert', async () => {
    const res = await fetch(`${t.url}/kb/inert.md`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<title>Tricky &lt;b&gt;title&lt;/b&gt;</title>');
    expect(html).toContain('<h2 id="step-go">Step &amp; go</h2>');
    expect(html).not.toMatch(/<script>|javascript:/);
  });

  it.each([
    ['a draft', '/kb/secret-draft.md'],
    ['an unknown file', '/kb/nope.md'],
    ['a path outside the folder', '/kb/..%2F..%2Fetc%2Fpasswd'],
    ['a dotted path', '/kb/returns/../../package.json'],
    ['bad encoding', '/kb/%E0%A4%A'],
  ])('does not serve %s', async (_what, url) => {
    const res = await fetch(`${t.url}${url}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('turns the demo page off with DEMO_PAGE=0 but keeps the widget', async () => {
    const other = await startTestApp({ env: { DEMO_PAGE: '0' } });
    try {
      expect((await fetch(`${other.url}/`)).status).toBe(404);
      expect((await fetch(`${other.url}/widget.js`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('says clearly when the widget was not built', async () => {
    const other = await startTestApp({ env: { PUBLIC_DIR: '/nonexistent-answerdesk' } });
    try {
      const res = await fetch(`${other.url}/widget.js`);
      expect(res.status).toBe(503);
      expect((await res.json()).error.message).toContain('npm run build');
    } finally {
      await other.close();
    }
  });
});
