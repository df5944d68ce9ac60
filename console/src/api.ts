import { encodePath } from '../../src/markdown/slug';
import { newId } from '../../widget/src/new-id';
import type { Conversation, Message, ProtocolError } from '../../src/protocol/dto';
import type {
  Agent,
  AnswerStats,
  GapGroup,
  KnowledgeChange,
  KnowledgeFile,
  KnowledgeFileContent,
  CannedReply,
  LlmUsage,
  LoginResult,
  SearchResult,
  SeriesPoint,
  SlowAnswer,
} from '../../src/protocol/http-api';

/** What the console needs from /api/v1, typed. A 401 anywhere signs the agent out. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: ProtocolError,
  ) {
    super(error.message);
  }
}

export interface BusinessHoursState {
  hours: string;
  timeZone: string;
  holidays: string;
  source: 'console' | 'config' | 'default';
  open: boolean;
  nextOpening: string | null;
}

export interface ConversationFilter {
  q?: string;
  mode?: string;
  from?: string;
  to?: string;
  unanswered?: boolean;
  offline?: boolean;
  tag?: string;
}

export class Api {
  onUnauthorized: () => void = () => undefined;

  /** Files read once per page, as object URLs. */
  private readonly fileUrls = new Map<string, Promise<string>>();

  constructor(private token: string | undefined) {}

  setToken(token: string | undefined): void {
    this.token = token;
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    const res = await fetch(`/api/v1${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => ({}))) as { error?: ProtocolError };
    if (!res.ok) {
      const error = data.error ?? { code: 'internal', message: `The server answered ${res.status}.` };
      if (res.status === 401 && path !== '/auth/login') this.onUnauthorized();
      throw new ApiError(res.status, error);
    }
    return data as T;
  }

  login(email: string, password: string) {
    return this.request<LoginResult>('POST', '/auth/login', { email, password });
  }
  logout() {
    return this.request<void>('POST', '/auth/logout', {});
  }
  me() {
    return this.request<{ agent: Agent }>('GET', '/auth/me');
  }
  conversations(f: ConversationFilter, limit = 100) {
    return this.request<{ conversations: Conversation[] }>(
      'GET',
      `/conversations?${query({
        ...f,
        unanswered: f.unanswered ? '1' : undefined,
        offline: f.offline ? '1' : undefined,
        limit: String(limit),
      })}`,
    );
  }
  transcript(id: string) {
    return this.request<{ conversation: Conversation; messages: Message[] }>(
      'GET',
      `/conversations/${encodeURIComponent(id)}`,
    );
  }
  businessHours() {
    return this.request<BusinessHoursState>('GET', '/settings/business-hours');
  }
  setBusinessHours(h: { hours: string; timeZone: string; holidays: string }) {
    return this.request<BusinessHoursState>('PUT', '/settings/business-hours', h);
  }
  cannedReplies() {
    return this.request<{ replies: CannedReply[] }>('GET', '/canned-replies');
  }
  saveCannedReply(reply: { id?: string; shortcut: string; text: string }) {
    return reply.id
      ? this.request<{ reply: CannedReply }>('PUT', `/canned-replies/${encodeURIComponent(reply.id)}`, {
          shortcut: reply.shortcut,
          text: reply.text,
        })
      : this.request<{ reply: CannedReply }>('POST', '/canned-replies', reply);
  }
  deleteCannedReply(id: string) {
    return this.request<void>('DELETE', `/canned-replies/${encodeURIComponent(id)}`);
  }
  setTags(conversationId: string, tags: string[]) {
    return this.request<{ conversation: Conversation }>(
      'PUT',
      `/conversations/${encodeURIComponent(conversationId)}/tags`,
      {
        tags,
      },
    );
  }
  rename(agentId: string, name: string) {
    return this.request<{ agent: Agent }>('PUT', `/agents/${encodeURIComponent(agentId)}`, { name });
  }
  /** Erases every conversation of one visitor (admins). */
  eraseVisitor(visitorId: string) {
    return this.request<{ visitorId: string; conversations: number }>(
      'DELETE',
      `/visitors/${encodeURIComponent(visitorId)}`,
    );
  }
  /** Sends a photo or file into a conversation as the agent's message (taking it over if nobody has). */
  async sendFile(conversationId: string, file: Blob, name: string): Promise<{ message: Message }> {
    const res = await fetch(`/api/v1/conversations/${encodeURIComponent(conversationId)}/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent(name.slice(0, 255)),
        'x-client-message-id': newId(),
      },
      body: file,
    });
    const body = (await res.json().catch(() => ({}))) as { message?: Message; error?: ProtocolError };
    if (!res.ok || !body.message)
      throw new ApiError(res.status, body.error ?? { code: 'internal', message: 'The file could not be sent.' });
    return { message: body.message };
  }
  /** A conversation's file (or a photo's thumbnail) as an object URL, read once with the bearer token. */
  fileUrl(id: string, thumbnail: boolean): Promise<string> {
    const key = `${id}:${thumbnail}`;
    let url = this.fileUrls.get(key);
    if (!url) {
      url = fetch(`/api/v1/files/${encodeURIComponent(id)}${thumbnail ? '/thumbnail' : ''}`, {
        headers: { authorization: `Bearer ${this.token}` },
      }).then(async (res) => {
        if (!res.ok)
          throw new ApiError(res.status, ((await res.json().catch(() => ({}))) as { error: ProtocolError }).error);
        return URL.createObjectURL(await res.blob());
      });
      url.catch(() => this.fileUrls.delete(key));
      this.fileUrls.set(key, url);
    }
    return url;
  }
  /** Downloads an export with the bearer token (a plain link could not send it). */
  async download(path: string, filename: string): Promise<void> {
    const res = await fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (!res.ok)
      throw new ApiError(res.status, ((await res.json().catch(() => ({}))) as { error: ProtocolError }).error);
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  files() {
    return this.request<{ files: KnowledgeFile[] }>('GET', '/knowledge/files');
  }
  file(path: string) {
    return this.request<{ file: KnowledgeFileContent }>('GET', `/knowledge/files/${encodePath(path)}`);
  }
  saveFile(path: string, content: string, baseVersion?: string) {
    return this.request<{ file: KnowledgeFile }>('PUT', `/knowledge/files/${encodePath(path)}`, {
      content,
      ...(baseVersion ? { baseVersion } : {}),
    });
  }
  deleteFile(path: string, baseVersion: string) {
    return this.request<void>(
      'DELETE',
      `/knowledge/files/${encodePath(path)}?baseVersion=${encodeURIComponent(baseVersion)}`,
    );
  }
  renameFile(from: string, to: string, baseVersion: string) {
    return this.request<{ file: KnowledgeFile }>('POST', '/knowledge/rename', { from, to, baseVersion });
  }
  changes(path?: string) {
    return this.request<{ changes: KnowledgeChange[] }>(
      'GET',
      `/knowledge/changes${path ? `?path=${encodeURIComponent(path)}` : ''}`,
    );
  }
  search(q: string, k = 8) {
    return this.request<{ results: SearchResult[]; tookMs: number }>(
      'GET',
      `/knowledge/search?q=${encodeURIComponent(q)}&k=${k}`,
    );
  }
  gaps(window = '7d') {
    return this.request<{ since: string; groups: GapGroup[] }>('GET', `/gaps?window=${window}`);
  }
  stats(window: string) {
    return this.request<AnswerStats>('GET', `/stats?window=${window}`);
  }
  series(window: string, buckets: number) {
    return this.request<{ windowMs: number; bucketMs: number; points: SeriesPoint[] }>(
      'GET',
      `/stats/series?window=${window}&buckets=${buckets}`,
    );
  }
  llmUsage() {
    return this.request<LlmUsage>('GET', '/stats/llm');
  }
  feedback(window: string) {
    return this.request<{ ratings: number; average: number | null; distribution: number[] }>(
      'GET',
      `/stats/feedback?window=${window}`,
    );
  }
  slowest(window: string) {
    return this.request<{ answers: SlowAnswer[] }>('GET', `/stats/slowest?window=${window}&limit=10`);
  }
  agents() {
    return this.request<{ agents: Agent[] }>('GET', '/agents');
  }
  addAgent(input: { email: string; name: string; role: 'admin' | 'agent'; password: string }) {
    return this.request<{ agent: Agent }>('POST', '/agents', input);
  }
  setPassword(id: string, input: { password: string; currentPassword?: string }) {
    return this.request<void>('PUT', `/agents/${encodeURIComponent(id)}/password`, input);
  }
  removeAgent(id: string) {
    return this.request<void>('DELETE', `/agents/${encodeURIComponent(id)}`);
  }
}

function query(params: Record<string, string | undefined>): string {
  return Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('&');
}
