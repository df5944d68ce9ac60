import { extendZodWithOpenApi, OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { type ZodTypeAny, z } from 'zod';
import * as req from '../protocol/schemas';
import * as res from '../protocol/response-schemas';

extendZodWithOpenApi(z);

type Method = 'get' | 'post' | 'put' | 'delete';
type Access = 'public' | 'agent' | 'admin' | 'origin' | 'party';

interface Route {
  method: Method;
  path: string;
  summary: string;
  access: Access;
  params?: Record<string, ZodTypeAny>;
  query?: z.AnyZodObject;
  body?: ZodTypeAny;
  /** The body is a file's raw bytes, described by these headers. */
  rawBody?: z.AnyZodObject;
  /** Status → JSON schema of the body, or a description for a body that is not JSON. */
  responses: Record<number, ZodTypeAny | string>;
  tag: string;
}

const id = req.idSchema.openapi({ description: 'Conversation id' });
const ok = (schema: ZodTypeAny) => ({ 200: schema });

/**
 * Every route the server answers besides its pages and scripts, with the schemas that validate
 * its input (protocol/schemas.ts) and describe its output (protocol/response-schemas.ts). A test
 * checks that this list and the server's routes are the same.
 */
export const ROUTES: Route[] = [
  // Visitors
  {
    tag: 'Visitors',
    method: 'post',
    path: '/api/v1/chat',
    summary: 'Ask a question; the answer as JSON, or streamed with `Accept: text/event-stream`',
    access: 'origin',
    body: req.chatBodySchema,
    responses: {
      200: z.object({
        conversationId: z.string(),
        visitorId: z.string(),
        token: z.string().describe('The visitor token to send with the next message'),
        question: res.messageSchema,
        message: res.messageSchema.nullable().describe('The answer; null while an agent holds the conversation'),
      }),
    },
  },
  {
    tag: 'Visitors',
    method: 'get',
    path: '/api/v1/knowledge/search',
    summary: 'The passages the bot would retrieve for a question (published articles only)',
    access: 'origin',
    query: req.searchQuerySchema,
    responses: ok(z.object({ results: z.array(res.searchResultSchema), tookMs: z.number() })),
  },
  // Agents: sign-in and accounts
  {
    tag: 'Agents',
    method: 'post',
    path: '/api/v1/auth/login',
    summary: 'Sign in; returns a bearer token',
    access: 'public',
    body: req.loginSchema,
    responses: ok(res.loginResultSchema),
  },
  {
    tag: 'Agents',
    method: 'post',
    path: '/api/v1/auth/logout',
    summary: 'Sign out: the token stops working',
    access: 'agent',
    responses: { 204: 'Signed out' },
  },
  {
    tag: 'Agents',
    method: 'get',
    path: '/api/v1/auth/me',
    summary: 'The signed-in agent',
    access: 'agent',
    responses: ok(z.object({ agent: res.agentSchema })),
  },
  {
    tag: 'Agents',
    method: 'get',
    path: '/api/v1/agents',
    summary: 'Every agent account',
    access: 'agent',
    responses: ok(z.object({ agents: z.array(res.agentSchema) })),
  },
  {
    tag: 'Agents',
    method: 'post',
    path: '/api/v1/agents',
    summary: 'Add an agent',
    access: 'admin',
    body: req.newAgentSchema,
    responses: { 201: z.object({ agent: res.agentSchema }) },
  },
  {
    tag: 'Agents',
    method: 'put',
    path: '/api/v1/agents/{id}/password',
    summary: 'Change a password (an agent their own, with the current one; an admin anyone’s)',
    access: 'agent',
    params: { id: req.idSchema },
    body: req.passwordChangeSchema,
    responses: { 204: 'Changed; the agent’s other sessions have ended' },
  },
  {
    tag: 'Agents',
    method: 'put',
    path: '/api/v1/agents/{id}',
    summary: 'Change the display name visitors see (an agent their own, an admin anyone’s)',
    access: 'agent',
    params: { id: req.idSchema },
    body: req.agentProfileSchema,
    responses: ok(z.object({ agent: res.agentSchema })),
  },
  {
    tag: 'Agents',
    method: 'delete',
    path: '/api/v1/agents/{id}',
    summary: 'Remove an agent; their conversations go back to the queue',
    access: 'admin',
    params: { id: req.idSchema },
    responses: { 204: 'Removed' },
  },
  // Conversations
  {
    tag: 'Conversations',
    method: 'get',
    path: '/api/v1/conversations',
    summary: 'List and search conversations, latest activity first',
    access: 'agent',
    query: req.conversationQuerySchema,
    responses: ok(z.object({ conversations: z.array(res.conversationSchema) })),
  },
  {
    tag: 'Conversations',
    method: 'get',
    path: '/api/v1/conversations/export',
    summary: 'Export the conversations a filter selects, as JSON or CSV',
    access: 'agent',
    query: req.exportQuerySchema,
    responses: { 200: 'A JSON or CSV file (Content-Disposition: attachment)' },
  },
  {
    tag: 'Conversations',
    method: 'get',
    path: '/api/v1/conversations/{id}',
    summary: 'A conversation and its transcript',
    access: 'agent',
    params: { id },
    responses: ok(
      z.object({
        conversation: res.conversationSchema,
        messages: z.array(res.messageSchema),
        visitor: res.visitorHistorySchema,
      }),
    ),
  },
  {
    tag: 'Conversations',
    method: 'get',
    path: '/api/v1/conversations/{id}/export',
    summary: 'Export one conversation as JSON or CSV',
    access: 'agent',
    params: { id },
    query: req.exportQuerySchema.pick({ format: true }),
    responses: { 200: 'A JSON or CSV file (Content-Disposition: attachment)' },
  },
  ...(['takeover', 'release', 'close'] as const).map(
    (action): Route => ({
      tag: 'Conversations',
      method: 'post',
      path: `/api/v1/conversations/{id}/${action}`,
      summary: {
        takeover: 'Take the conversation over: the bot goes quiet and the agent answers',
        release: 'Hand the conversation back to the bot',
        close: 'Close the conversation',
      }[action],
      access: 'agent',
      params: { id },
      responses: ok(z.object({ conversation: res.conversationSchema })),
    }),
  ),
  {
    tag: 'Conversations',
    method: 'post',
    path: '/api/v1/conversations/{id}/messages',
    summary: 'Reply to the visitor as the agent who owns the conversation',
    access: 'agent',
    params: { id },
    body: req.agentReplySchema.omit({ conversationId: true }),
    responses: { 201: z.object({ message: res.messageSchema }) },
  },
  {
    tag: 'Conversations',
    method: 'post',
    path: '/api/v1/conversations/{id}/notes',
    summary: 'An internal note: agents see it in the transcript, the visitor never does',
    access: 'agent',
    params: { id },
    body: req.agentReplySchema.omit({ conversationId: true }),
    responses: { 201: z.object({ message: res.messageSchema }) },
  },
  {
    tag: 'Conversations',
    method: 'put',
    path: '/api/v1/conversations/{id}/tags',
    summary: 'Replace the conversation’s tags (lower-cased, each once)',
    access: 'agent',
    params: { id },
    body: req.tagsSchema,
    responses: ok(z.object({ conversation: res.conversationSchema })),
  },
  {
    tag: 'Conversations',
    method: 'post',
    path: '/api/v1/conversations/{id}/assign',
    summary: 'Hand the conversation to a teammate, who then owns it (the bot goes quiet)',
    access: 'agent',
    params: { id },
    body: req.assignSchema,
    responses: ok(z.object({ conversation: res.conversationSchema })),
  },
  {
    tag: 'Conversations',
    method: 'delete',
    path: '/api/v1/visitors/{visitorId}',
    summary: 'Erase every conversation of one visitor, on their request (cannot be undone)',
    access: 'admin',
    params: { visitorId: req.idSchema },
    responses: ok(z.object({ visitorId: z.string(), conversations: z.number().int() })),
  },
  // Files
  {
    tag: 'Files',
    method: 'post',
    path: '/api/v1/conversations/{conversationId}/files',
    summary:
      'Send a photo (JPEG, PNG, GIF, WebP), a PDF or a text file as a message; its type is read from its content, and a photo is stored without its metadata',
    access: 'party',
    params: { conversationId: id },
    rawBody: z.object({
      'x-file-name': z.string().describe('The file name, URL-encoded'),
      'x-client-message-id': req.idSchema.describe('The sender’s id for the message: a resend stores nothing twice'),
    }),
    responses: { 201: z.object({ message: res.messageSchema }) },
  },
  {
    tag: 'Files',
    method: 'get',
    path: '/api/v1/files/{fileId}',
    summary: 'A file of a conversation, as stored (photos inline, other files as a download)',
    access: 'party',
    params: { fileId: req.idSchema },
    responses: { 200: 'The file, with the type found in its content' },
  },
  {
    tag: 'Files',
    method: 'get',
    path: '/api/v1/files/{fileId}/thumbnail',
    summary: 'A photo’s thumbnail (WebP, at most 480 pixels a side)',
    access: 'party',
    params: { fileId: req.idSchema },
    responses: { 200: 'image/webp' },
  },
  // Canned replies
  {
    tag: 'Canned replies',
    method: 'get',
    path: '/api/v1/canned-replies',
    summary: 'The team’s canned replies, by shortcut',
    access: 'agent',
    responses: ok(z.object({ replies: z.array(res.cannedReplySchema) })),
  },
  {
    tag: 'Canned replies',
    method: 'post',
    path: '/api/v1/canned-replies',
    summary: 'Add a canned reply (409 shortcut_taken for a shortcut in use)',
    access: 'agent',
    body: req.cannedReplySchema,
    responses: { 201: z.object({ reply: res.cannedReplySchema }) },
  },
  {
    tag: 'Canned replies',
    method: 'put',
    path: '/api/v1/canned-replies/{id}',
    summary: 'Change a canned reply',
    access: 'agent',
    params: { id: req.idSchema },
    body: req.cannedReplySchema,
    responses: ok(z.object({ reply: res.cannedReplySchema })),
  },
  {
    tag: 'Canned replies',
    method: 'delete',
    path: '/api/v1/canned-replies/{id}',
    summary: 'Remove a canned reply',
    access: 'agent',
    params: { id: req.idSchema },
    responses: { 204: 'Removed' },
  },
  // Settings
  ...(['get', 'put'] as const).map(
    (method): Route => ({
      tag: 'Settings',
      method,
      path: '/api/v1/settings/business-hours',
      summary:
        method === 'get'
          ? 'The business hours in force (set in the console, else configured, else always open)'
          : 'Set the business hours (`hours` empty: always open); `invalid_request` naming what is wrong',
      access: method === 'get' ? 'agent' : 'admin',
      body: method === 'put' ? req.businessHoursSchema : undefined,
      responses: ok(
        z.object({
          hours: z.string(),
          timeZone: z.string(),
          holidays: z.string(),
          source: z.enum(['console', 'config', 'default']),
          open: z.boolean(),
          nextOpening: z.string().nullable(),
        }),
      ),
    }),
  ),
  // Knowledge
  {
    tag: 'Knowledge',
    method: 'get',
    path: '/api/v1/knowledge/files',
    summary: 'Every knowledge file',
    access: 'agent',
    responses: ok(z.object({ files: z.array(res.knowledgeFileSchema) })),
  },
  {
    tag: 'Knowledge',
    method: 'get',
    path: '/api/v1/knowledge/files/{path}',
    summary: 'One knowledge file with its content (the path may hold slashes); ETag is its version',
    access: 'agent',
    params: { path: z.string() },
    responses: ok(z.object({ file: res.knowledgeFileContentSchema })),
  },
  {
    tag: 'Knowledge',
    method: 'put',
    path: '/api/v1/knowledge/files/{path}',
    summary: 'Create (201) or update (200, with baseVersion or If-Match) a knowledge file',
    access: 'agent',
    params: { path: z.string() },
    body: req.knowledgeWriteSchema,
    responses: { 200: z.object({ file: res.knowledgeFileSchema }), 201: z.object({ file: res.knowledgeFileSchema }) },
  },
  {
    tag: 'Knowledge',
    method: 'delete',
    path: '/api/v1/knowledge/files/{path}',
    summary: 'Delete a knowledge file (admins), at the version the caller saw',
    access: 'admin',
    params: { path: z.string() },
    query: req.knowledgeDeleteQuerySchema,
    responses: { 204: 'Deleted' },
  },
  {
    tag: 'Knowledge',
    method: 'post',
    path: '/api/v1/knowledge/rename',
    summary: 'Rename or move a knowledge file (admins)',
    access: 'admin',
    body: req.knowledgeRenameSchema,
    responses: ok(z.object({ file: res.knowledgeFileSchema })),
  },
  {
    tag: 'Knowledge',
    method: 'get',
    path: '/api/v1/knowledge/changes',
    summary: 'Who changed which knowledge file, newest first',
    access: 'agent',
    query: req.knowledgeChangesQuerySchema,
    responses: ok(z.object({ changes: z.array(res.knowledgeChangeSchema) })),
  },
  // Statistics
  {
    tag: 'Statistics',
    method: 'get',
    path: '/api/v1/stats',
    summary: 'Answer latency percentiles and the answered rate over a window',
    access: 'agent',
    query: req.statsQuerySchema,
    responses: ok(res.answerStatsSchema),
  },
  {
    tag: 'Statistics',
    method: 'get',
    path: '/api/v1/stats/llm',
    summary: 'What the LLM cost today on this node',
    access: 'agent',
    responses: ok(res.llmUsageSchema),
  },
  {
    tag: 'Statistics',
    method: 'get',
    path: '/api/v1/stats/series',
    summary: 'Latency percentiles in time buckets',
    access: 'agent',
    query: req.seriesQuerySchema,
    responses: ok(z.object({ windowMs: z.number(), bucketMs: z.number(), points: z.array(res.seriesPointSchema) })),
  },
  {
    tag: 'Statistics',
    method: 'get',
    path: '/api/v1/stats/slowest',
    summary: 'The slowest answers of a window',
    access: 'agent',
    query: req.slowestQuerySchema,
    responses: ok(z.object({ answers: z.array(res.slowAnswerSchema) })),
  },
  {
    tag: 'Statistics',
    method: 'get',
    path: '/api/v1/stats/feedback',
    summary: 'Visitors’ ratings of conversations (1 to 5) over a window: count, average, distribution',
    access: 'agent',
    query: req.gapsQuerySchema.pick({ window: true }),
    responses: ok(
      z.object({
        since: z.string(),
        ratings: z.number().int(),
        average: z.number().nullable(),
        distribution: z.array(z.number().int()).length(5),
      }),
    ),
  },
  {
    tag: 'Statistics',
    method: 'get',
    path: '/api/v1/gaps',
    summary: 'Questions the bot could not answer or that were rated down, grouped',
    access: 'agent',
    query: req.gapsQuerySchema,
    responses: ok(z.object({ since: z.string(), groups: z.array(res.gapGroupSchema) })),
  },
  // Operations
  {
    tag: 'Operations',
    method: 'get',
    path: '/api/v1/openapi.json',
    summary: 'This document',
    access: 'public',
    responses: { 200: 'The OpenAPI 3.1 document' },
  },
  {
    tag: 'Operations',
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    access: 'public',
    responses: ok(z.object({ status: z.literal('ok') })),
  },
  {
    tag: 'Operations',
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: knowledge loaded and the history store reachable (503 otherwise)',
    access: 'public',
    responses: {
      200: z.object({
        status: z.enum(['ready', 'not_ready']),
        checks: z.object({ knowledge: z.boolean(), history: z.boolean() }),
        documents: z.number().int(),
        vectors: z.object({ embedded: z.number().int(), chunks: z.number().int(), done: z.boolean() }).partial(),
      }),
    },
  },
  {
    tag: 'Operations',
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics (METRICS_TOKEN as a bearer token, or from this machine)',
    access: 'public',
    responses: { 200: 'Prometheus text exposition format' },
  },
];

const ACCESS_NOTE: Record<Access, string> = {
  public: '',
  origin: 'Called by the widget: from a page on one of ALLOWED_ORIGINS.',
  agent: 'Needs a signed-in agent.',
  admin: 'Needs a signed-in admin.',
  party: "The conversation's visitor (the widget's visitor token as a bearer token) or a signed-in agent.",
};

/** The OpenAPI 3.1 document of the HTTP API, built once from the zod schemas. */
export function openApiDocument(version: string): object {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'agentToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The token from POST /api/v1/auth/login',
  });
  const errorBody = registry.register('Error', res.errorBodySchema);
  registry.register('Message', res.messageSchema);
  registry.register('Conversation', res.conversationSchema);
  for (const r of ROUTES) {
    const responses: Record<string, { description: string; content?: Record<string, { schema: ZodTypeAny }> }> = {};
    for (const [status, body] of Object.entries(r.responses))
      responses[status] =
        typeof body === 'string'
          ? { description: body }
          : { description: 'OK', content: { 'application/json': { schema: body } } };
    responses.default = { description: 'A typed error', content: { 'application/json': { schema: errorBody } } };
    registry.registerPath({
      method: r.method,
      path: r.path,
      tags: [r.tag],
      summary: r.summary,
      description: ACCESS_NOTE[r.access] || undefined,
      security:
        r.access === 'agent' || r.access === 'admin' || r.access === 'party' ? [{ [bearer.name]: [] }] : undefined,
      request: {
        params: r.params ? z.object(r.params) : undefined,
        query: r.query,
        headers: r.rawBody,
        body: r.rawBody
          ? {
              content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
              required: true,
            }
          : r.body
            ? { content: { 'application/json': { schema: r.body } }, required: true }
            : undefined,
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Answerdesk',
      version,
      description:
        'The HTTP API of an Answerdesk server. The widget and the console also speak protocol v1 over Socket.IO (docs/protocol.md).',
    },
    servers: [{ url: '/' }],
  });
}
