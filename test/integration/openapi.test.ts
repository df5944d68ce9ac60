import { spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020';
import type { Express } from 'express';
import { addAgent, api } from '../support/agent-client';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor } from '../support/visitor-client';

interface Layer {
  route?: { path: string | RegExp | string[]; methods: Record<string, boolean> };
  name: string;
  regexp: RegExp & { fast_slash?: boolean };
  handle: { stack?: Layer[] };
}

/** The routes an express app answers, as `METHOD /path/{param}`, read from its router. */
function serverRoutes(stack: Layer[], prefix = ''): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const p of paths)
        for (const method of Object.keys(layer.route.methods).filter((m) => m !== '_all'))
          out.push(`${method.toUpperCase()} ${prefix}${openApiPath(p)}`);
    } else if (layer.name === 'router' && layer.handle.stack) {
      const mount = layer.regexp.fast_slash
        ? ''
        : layer.regexp.source.replace(/^\^/, '').replace('\\/?(?=\\/|$)', '').replace(/\\\//g, '/');
      out.push(...serverRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return out;
}

/** `:id` as `{id}`; the two path-holding routes written as regular expressions, by name. */
function openApiPath(p: string | RegExp): string {
  if (p instanceof RegExp) {
    if (p.source.includes('knowledge\\/files')) return '/knowledge/files/{path}';
    if (p.source.includes('kb')) return '/kb/{path}';
    if (p.source.includes('widget-frame')) return '/{script}.{hash}.js';
    if (p.source.includes('console')) return '/console/console.{hash}.js';
    throw new Error(`unknown route pattern ${p}`);
  }
  return p.replace(/:(\w+)/g, '{$1}');
}

/** Pages and scripts for browsers: the widget, its frame, the console, articles. Not the API. */
const PAGES = [
  'GET /',
  'GET /favicon.ico',
  'GET /widget.js',
  'GET /widget.js.map',
  'GET /widget/frame',
  'GET /widget-frame.js',
  'GET /widget-frame.js.map',
  'GET /console',
  'GET /console/',
  'GET /console/{asset}',
  'GET /{script}.{hash}.js',
  'GET /console/console.{hash}.js',
  'GET /kb/{path}',
];

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: any;
  beforeAll(async () => {
    t = await startTestApp();
    const res = await fetch(`${t.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    doc = await res.json();
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI 3.1 document', () => {
    // The validator is an ES module (it locates its schemas with import.meta): it runs in its own process.
    const script = `
      import { Validator } from '@seriousme/openapi-schema-validator';
      let input = '';
      for await (const chunk of process.stdin) input += chunk;
      const validator = new Validator();
      const result = await validator.validate(JSON.parse(input));
      console.log(JSON.stringify({ valid: result.valid, errors: result.errors ?? [], version: validator.version }));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      input: JSON.stringify(doc),
      encoding: 'utf8',
      cwd: __dirname,
    });
    const result = JSON.parse(run.stdout || '{}') as { valid: boolean; errors: unknown[]; version: string };
    expect([result.errors, run.stderr]).toEqual([[], '']);
    expect(result).toMatchObject({ valid: true, version: '3.1' });
  });

  it('describes exactly the routes the server answers, besides its pages', () => {
    const app = t.app.web as Express & { _router: { stack: Layer[] } };
    const routes = new Set(serverRoutes(app._router.stack));
    for (const page of PAGES) expect([page, routes.has(page)]).toEqual([page, true]);
    const api = [...routes].filter((r) => !PAGES.includes(r)).sort();
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(documented).toEqual(api);
    expect(documented.length).toBeGreaterThan(30);
  });

  it('documents the request schemas the server validates with, and the responses it sends', async () => {
    const chat = doc.paths['/api/v1/chat'].post;
    const body = chat.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['text']);
    expect(body.additionalProperties).toBe(false);
    const list = doc.paths['/api/v1/conversations'].get;
    expect(list.security).toEqual([{ agentToken: [] }]);
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'mode', 'from', 'to', 'unanswered', 'limit']),
    );

    // Real responses validate against the documented schemas.
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    for (const [name, schema] of Object.entries(doc.components.schemas))
      ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    const check = (path: string, method: string, status: number, value: unknown) => {
      const schema = doc.paths[path][method].responses[status].content['application/json'].schema;
      const validate = ajv.compile({ ...schema, $defs: undefined });
      const ok = validate(value);
      expect([path, ok ? [] : validate.errors]).toEqual([path, []]);
    };
    const admin = await login(t.url);
    await addAgent(t.url, admin, { email: 'doc@example.com', name: 'Doc' });
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'How do I reset my password?');
    v.socket.close();
    const http = api(t.url, admin);
    const chatRes = await fetch(`${t.url}/api/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Where is my order?' }),
    }).then((r) => r.json());
    check('/api/v1/chat', 'post', 200, chatRes);
    check('/api/v1/conversations', 'get', 200, (await http.get('/conversations')).json);
    check(
      '/api/v1/conversations/{id}',
      'get',
      200,
      (await http.get(`/conversations/${v.session.conversationId}`)).json,
    );
    check('/api/v1/agents', 'get', 200, (await http.get('/agents')).json);
    check('/api/v1/knowledge/files', 'get', 200, (await http.get('/knowledge/files')).json);
    check('/api/v1/knowledge/search', 'get', 200, (await http.get('/knowledge/search?q=refund')).json);
    check('/api/v1/stats', 'get', 200, (await http.get('/stats')).json);
    check('/api/v1/stats/series', 'get', 200, (await http.get('/stats/series')).json);
    check('/api/v1/gaps', 'get', 200, (await http.get('/gaps')).json);
    check('/readyz', 'get', 200, await fetch(`${t.url}/readyz`).then((r) => r.json()));
  });
});
