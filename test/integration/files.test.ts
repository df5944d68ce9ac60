import { readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { api, call, connectAgent } from '../support/agent-client';
import { phonePhoto, pngImage, tinyPdf } from '../support/images';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { connectVisitor, waitFor } from '../support/visitor-client';

describe('photos and files in conversations', () => {
  let t: TestApp;
  let agentToken: string;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    t = await startTestApp({ env: { MAX_FILE_BYTES: String(200 * 1024), RATE_LIMIT_FILES: '4' } });
    agentToken = await login(t.url);
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(() => t.close());

  async function visitor() {
    const v = await connectVisitor(t.url);
    sockets.push(v.socket);
    return { socket: v.socket, token: v.session.token, conversationId: v.session.conversationId };
  }

  let n = 0;
  function upload(
    token: string | undefined,
    conversationId: string,
    body: Buffer | ReadableStream,
    name = 'parcel.jpg',
    clientMessageId = `file-${n++}`,
  ) {
    return fetch(`${t.url}/api/v1/conversations/${conversationId}/files`, {
      method: 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        'x-file-name': encodeURIComponent(name),
        'x-client-message-id': clientMessageId,
        'content-type': 'application/octet-stream',
      },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
  }

  const get = (token: string | undefined, url: string) =>
    fetch(`${t.url}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('takes a visitor’s photo upright and without its metadata, and shows it to them and to agents live', async () => {
    const v = await visitor();
    const agent = await connectAgent(t.url, agentToken);
    sockets.push(agent);
    const listed = waitFor(agent, 'conversation:updated', (p) => p.conversation.id === v.conversationId);
    const mine = waitFor(v.socket, 'message:new', (p) => p.message.attachments?.length === 1);
    const original = await phonePhoto();
    expect((await sharp(original).metadata()).exif).toBeDefined();

    const res = await upload(v.token, v.conversationId, original, 'C:\\Users\\ada\\IMG_0042.JPEG');
    expect(res.status).toBe(201);
    const { message } = (await res.json()) as { message: any };
    expect(message).toMatchObject({ role: 'visitor', text: '', conversationId: v.conversationId });
    const [a] = message.attachments;
    expect(a).toMatchObject({ name: 'IMG_0042.JPEG', type: 'image/jpeg', width: 100, height: 200 });
    expect((await mine).message.id).toBe(message.id);
    expect((await listed).conversation.preview).toBe('📎 IMG_0042.JPEG');

    const file = await get(v.token, `/api/v1/files/${a.id}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(file.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''IMG_0042.JPEG");
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.length).toBe(a.size);
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height]).toEqual([100, 200]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(bytes.includes('Ada Lovelace')).toBe(false);
    expect(bytes.includes('PhoneMaker')).toBe(false);

    const thumb = await get(v.token, `/api/v1/files/${a.id}/thumbnail`);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).height).toBe(200);

    // Agents read it too; the bot does not answer a file.
    expect((await get(agentToken, `/api/v1/files/${a.id}`)).status).toBe(200);
    const transcript = await api(t.url, agentToken).get(`/conversations/${v.conversationId}`);
    expect(transcript.json.messages.map((m: any) => m.role)).toEqual(['visitor']);
  });

  it('serves files only to their conversation’s visitor and to agents', async () => {
    const owner = await visitor();
    const other = await visitor();
    const res = await upload(owner.token, owner.conversationId, await pngImage());
    const { message } = (await res.json()) as { message: any };
    const url = `/api/v1/files/${message.attachments[0].id}`;
    for (const [token, status, code] of [
      [other.token, 404, 'file_not_found'],
      [undefined, 401, 'unauthorized'],
      ['forged.token', 401, 'unauthorized'],
      ['ad_not-a-session', 401, 'unauthorized'],
    ] as const) {
      for (const u of [url, `${url}/thumbnail`]) {
        const r = await get(token, u);
        expect(r.status).toBe(status);
        expect(((await r.json()) as any).error.code).toBe(code);
      }
    }
    // Nor can a visitor send into someone else's conversation: nothing is kept.
    const intruding = await upload(other.token, owner.conversationId, await pngImage());
    expect(intruding.status).toBe(404);
    expect(((await intruding.json()) as any).error.code).toBe('conversation_not_found');
    const transcript = await api(t.url, agentToken).get(`/conversations/${owner.conversationId}`);
    expect(transcript.json.messages).toHaveLength(1);
  });

  it.each([
    ['an HTML page called a photo', Buffer.from('<!doctype html><script>alert(1)</script>'), 'cute.jpg'],
    ['an SVG image', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'logo.svg'],
    ['a Windows program', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), 'invoice.pdf'],
    [
      'a PNG that does not decode',
      Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]),
      'x.png',
    ],
    ['binary garbage', Buffer.from([0, 1, 2, 3, 255, 254]), 'notes.txt'],
  ])('refuses %s by its content, whatever its name', async (_what, body, name) => {
    const v = await visitor();
    const res = await upload(v.token, v.conversationId, body, name);
    expect(res.status).toBe(415);
    const { error } = (await res.json()) as any;
    expect(error.code).toBe('unsupported_file_type');
    expect(error.message).not.toMatch(/at |Error:|vips/);
    const transcript = await api(t.url, agentToken).get(`/conversations/${v.conversationId}`);
    expect(transcript.json.messages).toEqual([]);
  });

  it('refuses a file over MAX_FILE_BYTES, announced or streamed, and keeps nothing', async () => {
    const v = await visitor();
    const big = Buffer.alloc(201 * 1024, 'a');
    const announced = await upload(v.token, v.conversationId, big, 'log.txt');
    expect(announced.status).toBe(413);
    expect(((await announced.json()) as any).error).toMatchObject({
      code: 'file_too_large',
      message: 'The file is too large (at most 0.2 MB).',
    });
    // Chunked, with no Content-Length: refused once the bytes pass the limit.
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 30; i++) controller.enqueue(new Uint8Array(10 * 1024).fill(97));
        controller.close();
      },
    });
    const streamed = await upload(v.token, v.conversationId, stream, 'log.txt');
    expect(streamed.status).toBe(413);
    const transcript = await api(t.url, agentToken).get(`/conversations/${v.conversationId}`);
    expect(transcript.json.messages).toEqual([]);
  });

  it('offers PDFs and text files as downloads, named for what they are', async () => {
    const v = await visitor();
    const pdf = (await (await upload(v.token, v.conversationId, tinyPdf(), 'label.html')).json()) as any;
    expect(pdf.message.attachments[0]).toMatchObject({ name: 'label.pdf', type: 'application/pdf' });
    const served = await get(v.token, `/api/v1/files/${pdf.message.attachments[0].id}`);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''label.pdf");
    expect((await get(v.token, `/api/v1/files/${pdf.message.attachments[0].id}/thumbnail`)).status).toBe(404);
    const text = (await (
      await upload(v.token, v.conversationId, Buffer.from('Order 42\nBroken lid\n'), 'notes')
    ).json()) as any;
    expect(text.message.attachments[0]).toMatchObject({ name: 'notes.txt', type: 'text/plain' });
    const t2 = await get(v.token, `/api/v1/files/${text.message.attachments[0].id}`);
    expect(t2.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await t2.text()).toBe('Order 42\nBroken lid\n');
  });

  it('stores a resent upload once, and limits how many files a visitor sends', async () => {
    const v = await visitor();
    const png = await pngImage();
    const first = (await (await upload(v.token, v.conversationId, png, 'a.png', 'same')).json()) as any;
    const again = (await (await upload(v.token, v.conversationId, png, 'a.png', 'same')).json()) as any;
    expect(again.message.id).toBe(first.message.id);
    expect(again.message.attachments[0].id).toBe(first.message.attachments[0].id);
    const kept = readdirSync(path.join(t.dataDir, 'files', 'c', v.conversationId));
    expect(kept).toEqual([first.message.attachments[0].id]);
    await upload(v.token, v.conversationId, png);
    await upload(v.token, v.conversationId, png);
    const limited = await upload(v.token, v.conversationId, png);
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as any).error.code).toBe('rate_limited');
  });

  it('counts files by sender and outcome for operators', async () => {
    const count = async (outcome: string) =>
      Number(
        new RegExp(`answerdesk_files_total\\{from="visitor",outcome="${outcome}"\\} (\\d+)`).exec(
          await t.app.metrics.text(),
        )?.[1] ?? 0,
      );
    const outcomes = ['stored', 'refused_type', 'too_large', 'rate_limited'];
    const before = await Promise.all(outcomes.map(count));
    const v = await visitor();
    await upload(v.token, v.conversationId, await pngImage());
    await upload(v.token, v.conversationId, Buffer.from('<svg/>'), 'x.svg');
    await upload(v.token, v.conversationId, Buffer.alloc(201 * 1024, 'a'), 'big.txt');
    await upload(v.token, v.conversationId, tinyPdf(), 'a.pdf');
    await upload(v.token, v.conversationId, tinyPdf(), 'b.pdf'); // the fifth in the window: RATE_LIMIT_FILES is 4
    const after = await Promise.all(outcomes.map(count));
    expect(after.map((n, i) => n - before[i])).toEqual([2, 1, 1, 1]);
  });

  it('lets an agent send a file, which takes the conversation over and reaches the visitor', async () => {
    const v = await visitor();
    const agent = await connectAgent(t.url, agentToken);
    sockets.push(agent);
    await call(v.socket, 'message:send', { clientMessageId: 'q1', text: 'My lamp arrived broken' });
    const received = waitFor(v.socket, 'message:new', (p) => p.message.role === 'agent');
    const res = await upload(agentToken, v.conversationId, tinyPdf(), 'return-label.pdf');
    expect(res.status).toBe(201);
    const { message } = (await received) as any;
    expect(message).toMatchObject({ role: 'agent', author: { name: expect.any(String) } });
    expect(message.attachments[0]).toMatchObject({ name: 'return-label.pdf', type: 'application/pdf' });
    expect((await api(t.url, agentToken).get(`/conversations/${v.conversationId}`)).json.conversation.mode).toBe(
      'agent',
    );
    const file = await get(v.token, `/api/v1/files/${message.attachments[0].id}`);
    expect(Buffer.from(await file.arrayBuffer()).equals(tinyPdf())).toBe(true);
  });

  it('erases a visitor’s files with their conversations', async () => {
    const v = await visitor();
    const { message } = (await (await upload(v.token, v.conversationId, await pngImage())).json()) as any;
    const erased = await api(t.url, agentToken).del(`/visitors/${visitorIdOf(v.token)}`);
    expect(erased.status).toBe(200);
    expect((await get(agentToken, `/api/v1/files/${message.attachments[0].id}`)).status).toBe(404);
    expect(readdirSync(path.join(t.dataDir, 'files', 'c'))).not.toContain(v.conversationId);
  });
});

/** The visitor id a visitor token names (its payload is plain base64url JSON). */
function visitorIdOf(token: string): string {
  return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).v;
}

describe('with visitors’ uploads turned off (MAX_FILE_BYTES=0)', () => {
  it('refuses visitors’ files and still takes agents’', async () => {
    const t = await startTestApp({ env: { MAX_FILE_BYTES: '0' } });
    try {
      const v = await connectVisitor(t.url);
      const send = (token: string) =>
        fetch(`${t.url}/api/v1/conversations/${v.session.conversationId}/files`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'x-file-name': 'a.pdf',
            'x-client-message-id': `m-${token.length}`,
          },
          body: new Uint8Array(tinyPdf()),
        });
      const refused = await send(v.session.token);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as any).error.code).toBe('uploads_disabled');
      expect((await send(await login(t.url))).status).toBe(201);
      v.socket.close();
    } finally {
      await t.close();
    }
  });
});
