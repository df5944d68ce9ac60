import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
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

  it('serves widget.js to any site, cacheable, as JavaScript', async () => {
    const res = await fetch(`${t.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toContain('max-age=300');
    const body = await res.text();
    expect(body).toContain('answerdesk-widget');
    // node:http, not fetch: fetch marks conditional requests no-cache, which forbids a 304.
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(`${t.url}/widget.js`, { headers: { 'If-None-Match': res.headers.get('etag')! } }, (r) =>
          resolve(r.resume().statusCode!),
        )
        .on('error', reject);
    });
    expect(status).toBe(304);
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
