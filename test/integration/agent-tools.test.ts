import { addAgent, api, call, connectAgent } from '../support/agent-client';
import { FakeOpenAi } from '../support/fake-openai';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { ask, connectVisitor, waitFor } from '../support/visitor-client';

describe('the tools agents expect: notes, tags, assignment, their own name', () => {
  let t: TestApp;
  let upstream: FakeOpenAi;
  let admin: string;
  beforeAll(async () => {
    upstream = new FakeOpenAi();
    t = await startTestApp({ env: { OPENAI_BASE_URL: await upstream.start(), RATE_LIMIT_DISABLED: '1' } });
    admin = await login(t.url);
  });
  afterAll(async () => {
    await t.close();
    await upstream.stop();
  });

  it('keeps an internal note from the visitor, from their reloads and from the model’s prompt', async () => {
    const agent = await connectAgent(t.url, admin);
    const other = await connectAgent(t.url, admin);
    const v = await connectVisitor(t.url);
    const conversationId = v.session.conversationId;
    await ask(v.socket, 'How do I return an item?');
    await call(other, 'conversation:watch', { conversationId });
    let visitorSawNote = false;
    v.socket.on('message:new', (p) => (visitorSawNote ||= p.message.role === 'note'));
    const seen = waitFor(other, 'message:new', (p) => p.message.role === 'note');
    const r = await call(agent, 'agent:note', {
      conversationId,
      clientMessageId: 'n1',
      text: 'SECRET-NOTE: customer was rude last time',
    });
    expect(r.message).toMatchObject({ role: 'note', author: { name: 'Admin' } });
    expect((await seen).message.id).toBe(r.message.id);
    const viaHttp = await api(t.url, admin).post(`/conversations/${conversationId}/notes`, {
      clientMessageId: 'n2',
      text: 'Second note',
    });
    expect(viaHttp.status).toBe(201);

    upstream.requests.length = 0;
    await ask(v.socket, 'And how long does the refund take?');
    const prompt = JSON.stringify(upstream.requests.at(-1)?.body);
    expect(prompt).toContain('how long does the refund take');
    expect(prompt).not.toContain('SECRET-NOTE');
    expect(visitorSawNote).toBe(false);
    const again = await connectVisitor(t.url, { token: v.session.token });
    expect(again.session.messages.map((m) => m.role)).not.toContain('note');
    const transcript = await api(t.url, admin).get(`/conversations/${conversationId}`);
    expect(transcript.json.messages.filter((m: { role: string }) => m.role === 'note')).toHaveLength(2);
    for (const s of [agent, other, v.socket, again.socket]) s.close();
  });

  it('tags conversations and filters on a tag', async () => {
    const agent = await connectAgent(t.url, admin);
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'My order arrived damaged');
    const conversationId = v.session.conversationId;
    const r = await call(agent, 'conversation:tags', { conversationId, tags: ['Refund', 'vip', 'refund '] });
    expect(r.conversation.tags).toEqual(['refund', 'vip']);
    const listed = await api(t.url, admin).get('/conversations?tag=REFUND');
    expect(listed.json.conversations.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const bad = await api(t.url, admin).put(`/conversations/${conversationId}/tags`, { tags: ['<b>'] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_request');
    expect(
      (await api(t.url, admin).put(`/conversations/${conversationId}/tags`, { tags: [] })).json.conversation.tags,
    ).toBeUndefined();
    agent.close();
    v.socket.close();
  });

  it('assigns a conversation to a teammate, who owns it; another agent cannot take it from them', async () => {
    const kim = await addAgent(t.url, admin, { email: 'kim@example.com', name: 'Kim' });
    const lee = await addAgent(t.url, admin, { email: 'lee@example.com', name: 'Lee' });
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'Where is my parcel?');
    const conversationId = v.session.conversationId;
    const joined = waitFor(v.socket, 'message:new', (p) => p.message.role === 'system');
    const r = await api(t.url, admin).post(`/conversations/${conversationId}/assign`, { agentId: kim.agent.id });
    expect(r.status).toBe(200);
    expect(r.json.conversation).toMatchObject({ mode: 'agent', ownerAgentId: kim.agent.id });
    expect((await joined).message.text).toBe('Kim joined the conversation.');
    const leeSocket = await connectAgent(t.url, lee.token);
    const refused = await call(leeSocket, 'conversation:assign', { conversationId, agentId: lee.agent.id });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conversation_taken', message: 'Kim is handling this conversation.' },
    });
    const unknown = await api(t.url, admin).post(`/conversations/${conversationId}/assign`, { agentId: 'nobody' });
    expect(unknown.status).toBe(404);
    leeSocket.close();
    v.socket.close();
  });

  it('lets an agent change the name visitors see, and only their own', async () => {
    const sam = await addAgent(t.url, admin, { email: 'sam@example.com', name: 'Sam' });
    const other = await addAgent(t.url, admin, { email: 'ola@example.com', name: 'Ola' });
    const renamed = await api(t.url, sam.token).put(`/agents/${sam.agent.id}`, { name: 'Samira from Support' });
    expect(renamed.json.agent).toMatchObject({ id: sam.agent.id, name: 'Samira from Support' });
    expect((await api(t.url, sam.token).put(`/agents/${other.agent.id}`, { name: 'Hacked' })).status).toBe(403);
    expect((await api(t.url, sam.token).put(`/agents/${sam.agent.id}`, { name: '' })).status).toBe(400);
    const v = await connectVisitor(t.url);
    await ask(v.socket, 'Hello?');
    const socket = await connectAgent(t.url, sam.token);
    const reply = await call(socket, 'agent:reply', {
      conversationId: v.session.conversationId,
      clientMessageId: 'r1',
      text: 'Hi!',
    });
    expect(reply.message.author.name).toBe('Samira from Support');
    socket.close();
    v.socket.close();
  });
});
