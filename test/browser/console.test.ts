import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { describeBrowser, launchBrowser } from '../support/browser';
import { eventually } from '../support/eventually';
import { FakeOpenAi } from '../support/fake-openai';
import { addAgent } from '../support/agent-client';
import { phonePhoto, tinyPdf } from '../support/images';
import { login, startTestApp, TEST_ADMIN, type TestApp } from '../support/test-app';
import { ask, connectVisitor, waitFor, type Visitor } from '../support/visitor-client';

describeBrowser('agent console in a real browser (Chromium)', () => {
  let browser: Browser;
  let upstream: FakeOpenAi;
  let t: TestApp;
  let context: BrowserContext;
  let page: Page;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    upstream = new FakeOpenAi();
    t = await startTestApp({ env: { OPENAI_BASE_URL: await upstream.start(), RATE_LIMIT_DISABLED: '1' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await upstream?.stop();
  });
  beforeEach(async () => {
    upstream.always({
      kind: 'stream',
      deltas: ['To reset it, ', 'open the sign-in page ', 'and choose **Forgot password?** [1].'],
      delayMs: 40,
    });
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    context.setDefaultTimeout(8000);
    page = await context.newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
  });
  afterEach(async () => {
    visitors.splice(0).forEach((v) => v.socket.close());
    await context.close();
  });

  async function visitor(name?: string): Promise<Visitor> {
    const v = await connectVisitor(t.url, name ? { identity: { name } } : {});
    visitors.push(v);
    return v;
  }

  /** A picture of the page for the record (test-results/; docs/console.md shows them). */
  async function snapshot(name: string): Promise<void> {
    const dir = path.resolve(__dirname, '../../test-results');
    mkdirSync(dir, { recursive: true });
    expect((await page.screenshot({ path: path.join(dir, name) })).byteLength).toBeGreaterThan(20_000);
  }

  async function signIn(): Promise<void> {
    await page.goto(`${t.url}/console`);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    // Live events (hand-off alerts, new rows) reach only a connected console; the dot says when it is.
    await page.locator('.live-dot.on').waitFor();
  }

  it('passes axe-core’s WCAG 2.1 AA checks with no serious violation: sign-in, inbox with a conversation, team', async () => {
    await page.goto(`${t.url}/console`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await signIn();
    const v = await visitor('Axe Visitor');
    await ask(v.socket, 'How do I reset my password?');
    await page.locator('.conv', { hasText: 'Axe Visitor' }).getByRole('button').click();
    await page.locator('.transcript .msg.bot').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByRole('form', { name: 'Business hours' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('signs in only with the right password', async () => {
    await page.goto(`${t.url}/console`);
    await page.getByLabel('Email').fill(TEST_ADMIN.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong email or password.').waitFor();
    await page.getByLabel('Password').fill(TEST_ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    expect(await page.locator('.me strong').textContent()).toBe('Admin');
    // A reload keeps the session; signing out ends it.
    await page.reload();
    await page.getByRole('heading', { name: 'Conversations' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
  });

  it('shows a new conversation live, and its transcript as the visitor types and the bot streams', async () => {
    await signIn();
    const v = await visitor('Grace Hopper');
    await ask(v.socket, 'Hello, anyone there?');
    const row = page.locator('.conv', { hasText: 'Grace Hopper' });
    await row.waitFor(); // arrived without a reload
    await row.getByRole('button').click();
    await page.locator('.transcript .msg.visitor', { hasText: 'Hello, anyone there?' }).waitFor();

    await page.evaluate(() => {
      const w = window as unknown as { __streamSeen: boolean };
      w.__streamSeen = false;
      new MutationObserver(() => {
        if (document.querySelector('.transcript .msg.streaming')) w.__streamSeen = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    await v.socket
      .timeout(5000)
      .emitWithAck('message:send', { clientMessageId: 'q2', text: 'How do I reset my password?' });
    const answer = page.locator('.transcript .msg.bot', { hasText: 'Forgot password?' }).last();
    await answer.waitFor();
    await page.locator('.transcript .msg.streaming').waitFor({ state: 'detached' });
    expect(await page.evaluate(() => (window as unknown as { __streamSeen: boolean }).__streamSeen)).toBe(true);
    expect(await answer.locator('.sources a').first().textContent()).toBe('account/reset-your-password.md');
    expect(await answer.locator('.latency').textContent()).toMatch(
      /^retrieval [\d.]+ ms · first token [\d.]+ ms · total [\d.]+ ms$/,
    );

    // The visitor's thumbs show up too.
    const bot = (await t.history.listMessages(v.session.conversationId)).find(
      (m) => m.role === 'bot' && m.text.includes('Forgot'),
    )!;
    await v.socket.emitWithAck('feedback:send', { messageId: bot.id, rating: 'down' });
    await page.locator('.transcript .msg.bot .tag.bad', { hasText: 'rated not helpful' }).waitFor();
  });

  it('erases a visitor’s data on request, after a confirmation, and the conversation leaves the list', async () => {
    await signIn();
    const v = await visitor('Erin Erase');
    await ask(v.socket, 'Please delete everything you have on me');
    const row = page.locator('.conv', { hasText: 'Erin Erase' });
    await row.getByRole('button').click();
    const erase = page.getByRole('button', { name: 'Erase visitor’s data' });
    // Dismissing the confirmation erases nothing.
    page.once('dialog', (d) => void d.dismiss());
    await erase.click();
    await page.waitForTimeout(200);
    expect(await t.history.getConversation(v.session.conversationId)).not.toBeNull();
    page.once('dialog', (d) => void d.accept());
    await erase.click();
    await page.getByText('Erased 1 conversation.').waitFor();
    await row.waitFor({ state: 'detached' });
    await page.getByText('This visitor’s data was erased.').waitFor();
    expect(await t.history.getConversation(v.session.conversationId)).toBeNull();
  });

  it('takes over and replies: the visitor gets the reply live and the bot stays silent', async () => {
    await signIn();
    const v = await visitor('Alan Turing');
    await ask(v.socket, 'My lamp is broken');
    await page.locator('.conv', { hasText: 'Alan Turing' }).getByRole('button').click();
    const joined = waitFor(
      v.socket,
      'message:new',
      (p) => p.message.role === 'system' && p.message.text === 'Admin joined the conversation.',
    );
    await page.getByRole('button', { name: 'Take over', exact: true }).click();
    await joined;
    await page.getByRole('button', { name: 'Hand back to the bot' }).waitFor();

    const reply = waitFor(v.socket, 'message:new', (p) => p.message.role === 'agent');
    await page.getByLabel('Reply').fill('Hi Alan, I am sorry about the lamp.');
    await page.getByLabel('Reply').press('Enter');
    expect((await reply).message).toMatchObject({
      text: 'Hi Alan, I am sorry about the lamp.',
      author: { name: 'Admin' },
    });
    await page.locator('.transcript .msg.agent', { hasText: 'I am sorry about the lamp' }).waitFor();

    const started = jest.fn();
    v.socket.on('answer:start', started);
    await v.socket
      .timeout(5000)
      .emitWithAck('message:send', { clientMessageId: 'after', text: 'Thanks! It flickers.' });
    await page.locator('.transcript .msg.visitor', { hasText: 'Thanks! It flickers.' }).waitFor();
    await new Promise((r) => setTimeout(r, 300));
    expect(started).not.toHaveBeenCalled();

    const back = waitFor(v.socket, 'mode', (p) => p.mode === 'bot');
    await page.getByRole('button', { name: 'Hand back to the bot' }).click();
    await back;
  });

  it('shows a visitor’s photo in the transcript, opens it, and sends the visitor a file', async () => {
    await signIn();
    const v = await visitor('Ada Photo');
    const upload = await fetch(`${t.url}/api/v1/conversations/${v.session.conversationId}/files`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${v.session.token}`,
        'x-file-name': 'broken-lamp.jpg',
        'x-client-message-id': 'p1',
      },
      body: new Uint8Array(await phonePhoto()),
    });
    expect(upload.status).toBe(201);
    const row = page.locator('.conv', { hasText: 'Ada Photo' });
    await expect(row.textContent()).resolves.toContain('📎 broken-lamp.jpg');
    await row.getByRole('button').click();
    const photo = page.locator('.transcript .msg.visitor .attachments .photo');
    await photo.locator('img[src^="blob:"]').waitFor();
    await snapshot('console-files.png');
    expect(await seriousViolations(page)).toEqual([]);
    await photo.click();
    const viewer = page.getByRole('dialog', { name: 'broken-lamp.jpg' });
    expect(
      await viewer
        .locator('img')
        .evaluate((img: HTMLImageElement) => img.decode().then(() => [img.naturalWidth, img.naturalHeight])),
    ).toEqual([100, 200]);
    await viewer.getByRole('button', { name: 'Close' }).click();

    const received = waitFor(v.socket, 'message:new', (p) => p.message.role === 'agent');
    await page.locator('.composer input[type=file]').setInputFiles({
      name: 'return-label.pdf',
      mimeType: 'application/pdf',
      buffer: tinyPdf(),
    });
    const { message } = await received;
    expect(message.attachments[0]).toMatchObject({ name: 'return-label.pdf', type: 'application/pdf' });
    await page
      .locator('.transcript .msg.agent .attachments')
      .getByRole('button', { name: 'return-label.pdf' })
      .waitFor();
    // Sending a file answered the visitor: the agent now has the conversation.
    await page.getByRole('button', { name: 'Hand back to the bot' }).waitFor();
  });

  it('alerts the agent when a visitor asks for a person', async () => {
    await signIn();
    const v = await visitor('Katherine Johnson');
    await ask(v.socket, 'I need help with an order');
    await v.socket.emitWithAck('handoff:request', {});
    await page.locator('.toast', { hasText: 'Katherine Johnson is waiting for a person.' }).waitFor();
    await page.locator('.conv[data-mode="waiting"]', { hasText: 'Katherine Johnson' }).waitFor();
    expect(Number(await page.locator('.side .badge').textContent())).toBeGreaterThanOrEqual(1);
  });

  it('notifies on the desktop, with a sound, the count in the title and on the icon; mutes; goes away', async () => {
    await context.grantPermissions(['notifications']);
    await page.addInitScript(() => {
      const w = window as unknown as { __notes: { title: string; body?: string }[]; __beeps: number };
      w.__notes = [];
      w.__beeps = 0;
      class StubNotification {
        static permission = 'granted';
        static requestPermission = () => Promise.resolve('granted');
        onclick: (() => void) | null = null;
        constructor(title: string, options?: { body?: string }) {
          w.__notes.push({ title, body: options?.body });
        }
        close() {}
      }
      (window as unknown as { Notification: unknown }).Notification = StubNotification;
      const osc = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        w.__beeps++;
        return osc.call(this);
      };
    });
    await signIn();
    const notes = () => page.evaluate(() => (window as unknown as { __notes: { title: string }[] }).__notes);
    const v = await visitor('Grace Notified');
    await ask(v.socket, 'I need help with an order');
    await v.socket.emitWithAck('handoff:request', {});
    await page.locator('.toast', { hasText: 'Grace Notified is waiting for a person.' }).waitFor();
    expect((await notes()).map((n) => n.title)).toContain('Grace Notified is waiting for a person');
    expect(await page.evaluate(() => (window as unknown as { __beeps: number }).__beeps)).toBeGreaterThan(0);
    await page.waitForFunction(() => document.title.startsWith('('));
    const count = Number(/^\((\d+)\)/.exec(await page.title())?.[1]);
    expect(count).toBeGreaterThanOrEqual(1);
    const icon = page.locator('link[rel="icon"]');
    expect(await icon.getAttribute('data-count')).toBe(String(count));
    expect(await icon.getAttribute('href')).toMatch(/^data:image\/png;base64,/);
    // The inbox shows how long they have waited.
    await page
      .locator('.conv', { hasText: 'Grace Notified' })
      .locator('.tag.wait', { hasText: /^waiting/ })
      .waitFor();

    // Muted: the toast still shows, no notification.
    await page.getByRole('button', { name: 'Alerts on' }).click();
    const quiet = await visitor('Quiet Visitor');
    await quiet.socket.emitWithAck('handoff:request', {});
    await page.locator('.toast', { hasText: 'Quiet Visitor is waiting for a person.' }).waitFor();
    expect((await notes()).map((n) => n.title)).not.toContain('Quiet Visitor is waiting for a person');
    await page.getByRole('button', { name: 'Alerts muted' }).click();

    // Away: with nobody else online, a visitor is asked for an email instead of a wait.
    await page.getByRole('button', { name: 'Online' }).click();
    await page.getByRole('button', { name: 'Away' }).waitFor();
    await eventually(async () => {
      const asked = await visitor();
      return (await asked.socket.emitWithAck('handoff:request', {})).handoff.status === 'offline';
    });
    const left = await visitor('Ada Offline');
    await left.socket.emitWithAck('handoff:request', {});
    await left.socket.emitWithAck('handoff:message', { email: 'ada@example.com', message: 'Please call me back.' });
    await page.locator('.toast', { hasText: 'ada@example.com left a message for the team.' }).waitFor();
    expect((await notes()).map((n) => n.title)).toContain('ada@example.com left a message');
    await page.getByLabel('Mode').selectOption('offline');
    const row = page.locator('.conv', { hasText: 'Ada Offline' });
    await row.locator('.tag.offline').waitFor();
    await row.getByRole('button').click();
    const card = page.locator('.contact-card');
    await card.getByRole('link', { name: 'ada@example.com' }).waitFor();
    expect(await card.getByRole('link', { name: 'ada@example.com' }).getAttribute('href')).toBe(
      'mailto:ada@example.com',
    );
    expect(await card.locator('blockquote').textContent()).toBe('Please call me back.');
    await snapshot('console-offline-message.png');
    // Back online for the tests that follow.
    await page.getByRole('button', { name: 'Away' }).click();
    await page.getByRole('button', { name: 'Online' }).waitFor();
  });

  it('keeps canned replies, inserts one with /shortcut, writes an internal note, tags and assigns', async () => {
    const teammate = await addAgent(t.url, await login(t.url), { email: 'tam@example.com', name: 'Tam Teammate' });
    await signIn();
    await page.getByRole('link', { name: 'Canned replies' }).click();
    await page.getByLabel('Shortcut').fill('refund-time');
    await page.getByLabel('Reply text').fill('Refunds reach your card within 5 business days.');
    await page.getByRole('button', { name: 'Add canned reply' }).click();
    await page.locator('.canned-list li[data-shortcut="refund-time"]').waitFor();

    const v = await visitor('Nora Notes');
    await ask(v.socket, 'When do I get my money back?');
    let visitorSawNote = false;
    v.socket.on('message:new', (p: { message: { role: string } }) => (visitorSawNote ||= p.message.role === 'note'));
    await page.getByRole('link', { name: 'Conversations' }).click();
    await page.locator('.conv', { hasText: 'Nora Notes' }).getByRole('button').click();
    const reply = page.getByLabel('Reply');
    await reply.fill('Hello! /refund');
    await page.getByRole('listbox', { name: 'Canned replies' }).getByText('/refund-time').waitFor();
    await reply.press('Tab');
    expect(await reply.inputValue()).toBe('Hello! Refunds reach your card within 5 business days.');
    await reply.fill('');

    await page.getByRole('tab', { name: 'Internal note' }).click();
    await page.getByRole('textbox', { name: 'Internal note' }).fill('Checked with billing: refund sent on Monday.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.locator('.transcript .msg.note', { hasText: 'refund sent on Monday' }).waitFor();
    await new Promise((r) => setTimeout(r, 200));
    expect(visitorSawNote).toBe(false);

    await page.getByLabel('Tags').fill('vip, Refund');
    await page.getByLabel('Tags').press('Enter');
    await page.locator('.conv', { hasText: 'Nora Notes' }).locator('.tag.label', { hasText: '#refund' }).waitFor();
    await page.getByLabel('Assign to').selectOption({ label: 'Tam Teammate' });
    await page.locator('.detail-head', { hasText: 'Tam Teammate owns it' }).waitFor();
    await page.getByRole('tab', { name: 'Internal note' }).click();
    await page.getByRole('textbox', { name: 'Internal note' }).fill('/refund');
    await snapshot('console-tools.png');
    await page.getByRole('textbox', { name: 'Internal note' }).fill('');
    expect((await t.history.getConversation(v.session.conversationId))?.ownerAgentId).toBe(teammate.agent.id);
    // Someone else's conversation: replying is for them, notes are for everyone.
    await page.getByRole('tab', { name: 'Reply' }).click();
    expect(await page.getByLabel('Reply').isDisabled()).toBe(false); // an admin may still step in
  });

  it('sets the business hours on the Team page, and shows who is online', async () => {
    await signIn();
    await page.getByRole('link', { name: 'Team' }).click();
    await page.locator('table.agents .status.online').first().waitFor();
    const form = page.getByRole('form', { name: 'Business hours' });
    await form.getByLabel('Opening hours').fill('mon-fri 25:00-26:00');
    await form.getByRole('button', { name: 'Save hours' }).click();
    await page.locator('.toast.error', { hasText: 'is not a time of day' }).waitFor();
    const otherDay = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][(new Date().getUTCDay() + 2) % 7];
    await form.getByLabel('Opening hours').fill(`${otherDay} 09:00-17:00`);
    await form.getByLabel('Time zone').fill('UTC');
    await form.getByRole('button', { name: 'Save hours' }).click();
    await form
      .getByRole('status')
      .getByText(/^Closed now; back .* \(set here\)\.$/)
      .waitFor();
    // Back to always open for the tests that follow.
    await form.getByLabel('Opening hours').fill('');
    await form.getByRole('button', { name: 'Save hours' }).click();
    await form.getByRole('status').getByText('Open now (set here).').waitFor();
  });

  it('edits a knowledge file: the next answer uses it, and a concurrent edit is refused, not lost', async () => {
    upstream.always({ kind: 'status', status: 500 }); // offline answers quote the file itself
    await signIn();
    await page.getByRole('link', { name: 'Knowledge', exact: true }).click();
    await page.locator('.file-list li[data-path="account/reset-your-password.md"] button').click();
    const editor = page.getByLabel('Markdown');
    await editor.waitFor();
    const original = await editor.inputValue();
    await editor.fill(original.replace('The link expires after 1 hour.', 'The link expires after 15 minutes.'));
    await page.locator('.md-preview', { hasText: 'expires after 15 minutes' }).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.toast', { hasText: 'Saved account/reset-your-password.md' }).waitFor();
    const v = await visitor();
    expect((await ask(v.socket, 'When does the password reset link expire?')).end.text).toContain('15 minutes');

    // Someone changes the file behind the editor's back; saving now must not overwrite it.
    const file = path.join(t.knowledgeDir, 'account/reset-your-password.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('15 minutes', '30 minutes'));
    await editor.fill((await editor.inputValue()).replace('15 minutes', '20 minutes'));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Not saved: The file changed since you opened it' }).waitFor();
    expect(readFileSync(file, 'utf8')).toContain('30 minutes');
    expect(await editor.inputValue()).toContain('20 minutes'); // the agent's text is still there

    const changes = await fetch(`${t.url}/api/v1/knowledge/changes?path=account%2Freset-your-password.md`, {
      headers: {
        authorization: `Bearer ${await page.evaluate(() => localStorage.getItem('answerdesk:console-token'))}`,
      },
    }).then((r) => r.json());
    expect(changes.changes[0]).toMatchObject({ action: 'update', agentName: 'Admin' });
  });

  it('tests a question against the index and turns a knowledge gap into a new article', async () => {
    upstream.always({ kind: 'status', status: 500 });
    const v = await visitor();
    await ask(v.socket, 'Do you sell spare parts for vintage typewriters?');
    await signIn();
    await page.getByRole('link', { name: 'Knowledge gaps' }).click();
    const gap = page.locator('.gap', { hasText: 'Do you sell spare parts for vintage typewriters?' });
    await gap.getByRole('button', { name: 'Write an article for this' }).click();
    const pathInput = page.getByLabel('File path');
    await eventually(async () => (await pathInput.inputValue()).endsWith('.md'));
    expect(await pathInput.inputValue()).toMatch(/spare-parts-for-vintage-typewriters\.md$/);
    await page
      .getByLabel('Markdown')
      .fill(
        '---\ntitle: Spare parts for vintage typewriters\n---\nYes: spare parts for vintage typewriters cost 12 euros in the accessories shop.\n',
      );
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.toast', { hasText: 'chunks indexed, live now' }).waitFor();
    await page.getByLabel('Test a question').fill('vintage typewriter parts');
    await page.locator('.results li', { hasText: 'spare-parts-for-vintage-typewriters.md' }).first().waitFor();
    const v2 = await visitor();
    expect((await ask(v2.socket, 'Do you sell spare parts for vintage typewriters?')).end.text).toContain('12 euros');
  });

  it('renders visitor and model text inert, and saves a screenshot for the record', async () => {
    upstream.always({
      kind: 'stream',
      deltas: [
        'Here [1] <img src=x onerror="window.__pwned=1"> [click](javascript:window.__pwned=2) ',
        '<script>window.__pwned=3</script>',
      ],
    });
    const v = await visitor('<b>Mallory</b>');
    await ask(v.socket, 'How do I reset my password?');
    await ask(v.socket, '<img src=x onerror="window.__pwned=4"> <script>window.__pwned=5</script>');
    await signIn();
    await page.locator('.conv', { hasText: '<b>Mallory</b>' }).getByRole('button').click();
    await page.locator('.transcript .msg.bot').first().waitFor();
    expect(await page.locator('.transcript img, .transcript script, .conv-list b').count()).toBe(0);
    await page.locator('.transcript .msg.visitor', { hasText: '<img src=x onerror="window.__pwned=4">' }).waitFor();
    const hrefs = await page.locator('.transcript a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.some((h) => h.startsWith('javascript'))).toBe(false);
    await page.locator('.transcript .msg.bot').getByText('click').click();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // The record: a live inbox with a conversation open.
    const g = await visitor('Grace Hopper');
    await ask(g.socket, 'How do I reset my password?');
    await page.locator('.conv', { hasText: 'Grace Hopper' }).first().getByRole('button').click();
    await page.locator('.transcript .msg.bot').first().waitFor();
    await page.waitForTimeout(300);
    const dir = path.resolve(__dirname, '../../test-results');
    mkdirSync(dir, { recursive: true });
    const png = await page.screenshot({ path: path.join(dir, 'console.png') });
    expect(png.byteLength).toBeGreaterThan(20_000);
  });
});
