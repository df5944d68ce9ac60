import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { call, connectAgent } from '../support/agent-client';
import { seriousViolations } from '../support/axe';
import { describeBrowser, launchBrowser } from '../support/browser';
import { FakeOpenAi } from '../support/fake-openai';
import { StaticSite } from '../support/static-site';
import { TcpProxy } from '../support/tcp-proxy';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { customerPage, eventually, frames, recordStream } from './widget-page';

const SLOW_ANSWER = ['You can return ', 'any product ', 'within 30 days ', 'of delivery, ', 'for any reason ', '[1].'];

describeBrowser('widget in a real browser (Chromium)', () => {
  let browser: Browser;
  let upstream: FakeOpenAi;
  let t: TestApp;
  let proxy: TcpProxy;
  let site: StaticSite;
  let tracker: StaticSite;
  let serverUrl: string;
  let siteUrl: string;
  let trackerUrl: string;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    upstream = new FakeOpenAi();
    const baseURL = await upstream.start();
    tracker = new StaticSite({ '/pixel.gif': '' });
    trackerUrl = await tracker.start('127.0.0.1');
    t = await startTestApp({ env: { OPENAI_BASE_URL: baseURL, RATE_LIMIT_DISABLED: '1', LLM_STALL_MS: '5000' } });
    writeFileSync(
      path.join(t.knowledgeDir, 'gift-wrapping.md'),
      [
        '---',
        'title: Gift wrapping service',
        '---',
        'We wrap any order as a gift for a small fee.',
        '',
        '## Add gift wrapping',
        '',
        'Tick *gift wrapping* at checkout. <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>',
        `See [the gift wrapping tool](javascript:window.__pwned=3) and ![wrapping paper](${trackerUrl}/pixel.gif?from=kb).`,
        '',
      ].join('\n'),
    );
    await eventually(() => t.app.knowledge.document('gift-wrapping.md'), 5000, 'the gift article indexed');
    proxy = new TcpProxy(Number(new URL(t.url).port));
    serverUrl = `http://127.0.0.1:${await proxy.start()}`;
    site = new StaticSite({
      '/': customerPage(serverUrl),
      '/other': customerPage(serverUrl, { title: 'Another page' }),
    });
    siteUrl = await site.start('localhost');
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([proxy?.stop(), site?.stop(), tracker?.stop()]);
    await t?.close();
    await upstream?.stop();
  });

  beforeEach(async () => {
    proxy.restore();
    upstream.always({ kind: 'stream', deltas: SLOW_ANSWER, delayMs: 60 });
    context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    // Fail at the step that broke, well inside jest's own timeout.
    context.setDefaultTimeout(8000);
    page = await context.newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
  });

  afterEach(async () => {
    await context.close();
  });

  const widget = () => page.locator('answerdesk-widget');
  const launcher = () => widget().locator('button.launcher');
  const input = () => widget().getByRole('textbox', { name: 'Your message' });
  const bots = () => widget().locator('.msg.bot:not(.streaming)');

  /** A picture of the page for the record (test-results/; docs/widget.md shows them). */
  async function record(name: string): Promise<void> {
    const dir = path.resolve(__dirname, '../../test-results');
    mkdirSync(dir, { recursive: true });
    expect((await page.screenshot({ path: path.join(dir, name) })).byteLength).toBeGreaterThan(10_000);
  }

  async function openWidget(at = siteUrl): Promise<void> {
    await page.goto(at);
    // On another page of the same site, the panel comes back open if the visitor left it so.
    await launcher().waitFor();
    if (!(await input().isVisible())) await launcher().click();
    await input().waitFor();
  }

  async function ask(text: string): Promise<void> {
    await input().fill(text);
    await input().press('Enter');
  }

  /** The widget's hidden frame on the server's origin, which holds the connection and the token. */
  function connectionFrame() {
    return page.frames().find((f) => f.url().startsWith(`${serverUrl}/widget/frame`));
  }

  async function conversationOf(): Promise<string> {
    return eventually(
      async () =>
        // This site is on another site than the server (localhost and 127.0.0.1), whose frames
        // the test browser refuses storage: the page keeps the frame's values then.
        (await page.evaluate((origin) => localStorage.getItem(`answerdesk:${origin}:conversationId`), serverUrl)) ??
        (await connectionFrame()
          ?.evaluate(() => localStorage.getItem('answerdesk:conversationId'))
          .catch(() => null)) ??
        '',
      5000,
      'a conversation id',
    );
  }

  it('embeds on another site with one tag, isolated both ways from the page CSS', async () => {
    await page.goto(siteUrl);
    await launcher().waitFor();
    const launcherStyle = await launcher().evaluate((b) => {
      const s = getComputedStyle(b);
      return { bg: s.backgroundColor, border: s.borderTopStyle, font: s.fontFamily };
    });
    expect(launcherStyle.bg).toBe('rgb(124, 58, 237)'); // data-color, not the page's green
    expect(launcherStyle.border).not.toBe('dashed');
    await launcher().click();
    const textareaFont = await input().evaluate((el) => getComputedStyle(el).fontFamily);
    expect(textareaFont).not.toMatch(/Times/);
    expect(await widget().locator('h2').textContent()).toBe('Acme help');
    expect(await widget().locator('.greeting').textContent()).toBe('Hello from Acme support');
    // The widget's own .greeting rule does not reach the page's element of the same class.
    const hostGreeting = await page.locator('#host-greeting').evaluate((el) => getComputedStyle(el).borderTopWidth);
    expect(hostGreeting).toBe('0px');
    expect(
      await widget().getByRole('group', { name: 'Suggested questions' }).getByRole('button').allTextContents(),
    ).toEqual(['How do I return an item?', 'Where is my order?']);
  });

  it('shows the thinking dots at once, then streams the answer token by token, then its source links', async () => {
    await openWidget();
    await recordStream(page);
    await widget().getByRole('button', { name: 'How do I return an item?' }).click();
    await bots().first().waitFor();
    const seen = await frames(page);
    expect(seen[0]).toBe('dots');
    const texts = seen.filter((f) => f.startsWith('text:')).map((f) => f.slice(5));
    // Several growing prefixes of the final answer: it arrived in pieces, in order.
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < texts.length; i++) expect(texts[i].startsWith(texts[i - 1])).toBe(true);
    const answer = bots().first();
    await expect(answer.locator('.bubble').textContent()).resolves.toBe(
      'You can return any product within 30 days of delivery, for any reason [1].',
    );
    const stored = (await t.history.listMessages(await conversationOf())).filter((m) => m.role === 'bot');
    expect(stored).toHaveLength(1);
    const link = answer.locator('.sources a').first();
    expect(await link.getAttribute('href')).toBe(stored[0].sources![0].url ?? expect.any(String));
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    // The inline citation points at the same source.
    expect(await answer.locator('sup.cite a').getAttribute('href')).toBe(await link.getAttribute('href'));
  });

  it('links a source without a url to the server’s article page, which shows the article', async () => {
    await openWidget();
    await ask('How do I add gift wrapping at checkout?');
    const link = bots().first().locator('.sources a').first();
    await link.waitFor();
    const href = (await link.getAttribute('href'))!;
    expect(href).toBe(`${serverUrl}/kb/gift-wrapping.md#add-gift-wrapping`);
    const article = await context.newPage();
    await article.goto(href);
    expect(await article.locator('h1').textContent()).toBe('Gift wrapping service');
    expect(await article.locator('h2#add-gift-wrapping').textContent()).toBe('Add gift wrapping');
    expect(await article.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('keeps the whole conversation across a reload and a change of page', async () => {
    await openWidget();
    await ask('How do I return an item?');
    await bots().first().waitFor();
    expect(
      await widget()
        .locator('.msg')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))),
    ).toEqual(['visitor', 'bot']);
    await page.reload();
    // The panel stays open, as the visitor left it, and the history is all there.
    await bots().first().waitFor();
    expect(
      await widget()
        .locator('.msg')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-role'))),
    ).toEqual(['visitor', 'bot']);
    expect(await widget().locator('.msg.visitor .bubble').allTextContents()).toEqual(['How do I return an item?']);
    await page.goto(`${siteUrl}/other`);
    await bots().first().waitFor();
    expect(await widget().locator('.msg').count()).toBe(2);
    expect(await page.title()).toBe('Another page');
  });

  it('sends a message typed while offline once, when the network comes back', async () => {
    await openWidget();
    const conversationId = await conversationOf();
    proxy.cut();
    await widget().getByText('Connection lost').waitFor();
    await ask('Where is my order right now?');
    await widget().getByText('Waiting for connection…').waitFor();
    await page.waitForTimeout(700); // reconnect attempts fail meanwhile
    proxy.restore();
    await bots().first().waitFor({ timeout: 15000 });
    const stored = await t.history.listMessages(conversationId);
    expect(stored.filter((m) => m.role === 'visitor').map((m) => m.text)).toEqual(['Where is my order right now?']);
    expect(await widget().locator('.msg.visitor').count()).toBe(1);
    expect(await widget().locator('.msg.pending').count()).toBe(0);
  });

  it('completes an answer that was half-streamed when the network dropped, without losing or doubling it', async () => {
    upstream.always({ kind: 'stream', deltas: Array.from({ length: 24 }, (_, i) => `word${i} `), delayMs: 80 });
    await openWidget();
    const conversationId = await conversationOf();
    await ask('How do I return an item?');
    await widget().locator('.msg.bot.streaming').getByText('word3', { exact: false }).waitFor();
    proxy.cut();
    await page.waitForTimeout(600);
    proxy.restore();
    await bots().first().waitFor({ timeout: 15000 });
    const stored = (await t.history.listMessages(conversationId)).filter((m) => m.role === 'bot');
    expect(stored).toHaveLength(1);
    expect(await bots().count()).toBe(1);
    expect(await widget().locator('.msg.bot.streaming').count()).toBe(0);
    expect(await bots().first().locator('.bubble').textContent()).toBe(stored[0].text);
    expect(stored[0].text).toContain('word0 word1 word2');
    expect(stored[0].text).toContain('word23');
  });

  it('renders an XSS payload from a knowledge file and from the model inert', async () => {
    upstream.always({
      kind: 'stream',
      deltas: [
        'Sure [1]. <img src=x onerror="window.__pwned=4"> <script>window.__pwned=5</script> ',
        '[open the tool](javascript:window.__pwned=6) <a href="javascript:window.__pwned=7">here</a> ',
        `![pixel](${trackerUrl}/pixel.gif?from=model) [safe link](https://example.com/help)`,
      ],
    });
    await openWidget();
    await ask('How do I add gift wrapping at checkout?');
    const answer = bots().first();
    await answer.waitFor();
    const bubble = answer.locator('.bubble');
    // The payload is visible as text, and nothing in it became an element.
    expect(await bubble.textContent()).toContain('<img src=x onerror="window.__pwned=4">');
    expect(await bubble.locator('img, script, iframe').count()).toBe(0);
    const hrefs = await bubble.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.every((h) => h && /^https?:/.test(h))).toBe(true);
    expect(hrefs).toContain('https://example.com/help');
    await bubble.getByText('open the tool').click();
    // The offline answer quoting the knowledge file's own payload is inert too.
    upstream.always({ kind: 'status', status: 500 });
    await ask('gift wrapping tool at checkout');
    await bots().nth(1).waitFor();
    const quoted = bots().nth(1).locator('.bubble');
    expect(await quoted.textContent()).toContain('gift wrapping tool');
    expect(await quoted.locator('a[href^="javascript"], img, script').count()).toBe(0);
    await quoted.getByText('the gift wrapping tool').click();
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    // No request reached the third-party server: off-site images are links, never fetched.
    expect(tracker.requests).toEqual([]);
  });

  it('rates an answer, asks for a person, and shows the agent joining and replying live', async () => {
    await openWidget();
    await ask('How do I return an item?');
    const answer = bots().first();
    await answer.waitFor();
    const conversationId = await conversationOf();
    await answer.getByRole('button', { name: 'Not helpful' }).click();
    await eventually(
      async () => (await t.history.listMessages(conversationId)).find((m) => m.role === 'bot')?.rating === 'down',
      5000,
      'the rating stored',
    );
    await bots().first().locator('button[aria-label="Not helpful"][aria-pressed="true"]').waitFor();
    expect(
      await bots().first().getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed'),
    ).toBe('false');

    // A real agent on the /agent namespace is online: the visitor waits for them, and the bot answers meanwhile.
    const agent = await connectAgent(t.url, await login(t.url));
    try {
      await widget().locator('header').getByRole('button', { name: 'Talk to a person' }).click();
      await widget().getByText('We’ve asked a person to join').waitFor();
      expect((await t.history.getConversation(conversationId))!.mode).toBe('waiting');
      await ask('Can I return a gift?');
      await bots().nth(1).waitFor();
      await widget().locator('.msg.bot .caret').waitFor({ state: 'detached' });

      // The agent takes over, types and replies.
      expect((await call(agent, 'conversation:takeover', { conversationId })).ok).toBe(true);
      await widget().getByText('You’re now chatting with a person').waitFor();
      await widget().locator('.msg.system', { hasText: 'Admin joined the conversation.' }).waitFor();
      await call(agent, 'agent:typing', { conversationId, on: true });
      await widget().locator('.dots[aria-label="A support agent is typing"]').waitFor();
      await call(agent, 'agent:reply', {
        conversationId,
        clientMessageId: 'sam-1',
        text: 'Hi, I am **Sam**. I can help.',
      });
      const reply = widget().locator('.msg.agent');
      await reply.waitFor();
      expect(await reply.locator('.bubble').innerHTML()).toBe('<p>Hi, I am <strong>Sam</strong>. I can help.</p>');
      expect(await reply.locator('.who').textContent()).toBe('Admin · support');
      expect(await reply.locator('.avatar').textContent()).toBe('A');
      await widget().locator('.dots').waitFor({ state: 'hidden' });
      await widget()
        .locator('[aria-live="polite"]')
        .getByText('Support agent: Hi, I am **Sam**. I can help.')
        .waitFor({ state: 'attached' });
    } finally {
      agent.close();
    }
  });

  it('with nobody to join, takes the visitor’s email and message for a reply, refusing a bad address', async () => {
    await openWidget();
    await ask('My parcel arrived damaged');
    await bots().first().waitFor();
    const conversationId = await conversationOf();
    await widget().locator('header').getByRole('button', { name: 'Talk to a person' }).click();
    await widget().locator('.msg.system', { hasText: 'Nobody from our team is available right now' }).waitFor();
    const form = widget().getByRole('form', { name: 'Leave your email for a reply' });
    await form.waitFor();
    // The email field has the focus, and 16 px text, so phones do not zoom.
    expect(
      await form.getByLabel('Your email').evaluate((e) => e === (e.getRootNode() as ShadowRoot).activeElement),
    ).toBe(true);
    expect(await form.getByLabel('Your email').evaluate((e) => getComputedStyle(e).fontSize)).toBe('16px');
    await form.getByLabel('Your email').fill('not-an-email');
    await form.getByRole('button', { name: 'Send' }).click();
    await form.getByRole('alert').getByText('Enter your email address.').waitFor();
    await form.getByLabel('Your email').fill('ada@example.com');
    await form.getByLabel('Your message (optional)').fill('Please send a new one.');
    const dir = path.resolve(__dirname, '../../test-results');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, 'widget-offline.png') });
    await form.getByRole('button', { name: 'Send' }).click();
    await widget().locator('.msg.system', { hasText: 'we will reply to ada@example.com by email' }).waitFor();
    await form.waitFor({ state: 'hidden' });
    const stored = await t.history.getConversation(conversationId);
    expect(stored?.contact).toMatchObject({ email: 'ada@example.com', message: 'Please send a new one.' });
    expect(stored?.mode).toBe('bot');
  });

  it('asks for a rating when the conversation is closed, and offers a copy by email', async () => {
    await openWidget();
    await ask('How do I return an item?');
    await bots().first().waitFor();
    const conversationId = await conversationOf();
    const agent = await connectAgent(t.url, await login(t.url));
    try {
      expect((await call(agent, 'conversation:close', { conversationId })).ok).toBe(true);
    } finally {
      agent.close();
    }
    const card = widget().getByRole('region', { name: 'End of the conversation' });
    await card.waitFor();
    await card.getByRole('button', { name: 'Send rating' }).click();
    await card.getByText('Pick from 1 to 5 stars.').waitFor();
    await card.getByRole('button', { name: '4 stars' }).click();
    expect(await card.getByRole('button', { name: '5 stars' }).getAttribute('aria-pressed')).toBe('false');
    await card.getByLabel('Comment (optional)').fill('Clear and quick');
    await record('widget-rating.png');
    await card.getByRole('button', { name: 'Send rating' }).click();
    await card.getByText('Thank you for your rating.').waitFor();
    expect((await t.history.getConversation(conversationId))?.feedback).toMatchObject({
      score: 4,
      comment: 'Clear and quick',
    });
    // This server has no SMTP: the visitor is told so, plainly.
    await card.getByLabel('Your email').fill('ada@example.com');
    await card.getByRole('button', { name: 'Email me a copy' }).click();
    await card.getByText('Transcripts by email are not set up on this server.').waitFor();
  });

  it('passes axe-core’s WCAG 2.1 AA checks with no serious violation, open with an answer, light and dark', async () => {
    await openWidget();
    await ask('How do I return an item?');
    await bots().first().waitFor();
    await widget().locator('.msg.bot .caret').waitFor({ state: 'detached' });
    expect(await seriousViolations(page, 'answerdesk-widget')).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page, 'answerdesk-widget')).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('speaks the browser’s language (fr-FR), or the one data-locale sets, and so does the bot', async () => {
    const french = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 800 } });
    french.setDefaultTimeout(8000);
    const pages = new StaticSite({
      '/': customerPage(serverUrl),
      '/de': customerPage(serverUrl, { scriptAttrs: 'data-locale="de"' }),
    });
    const url = await pages.start('localhost');
    try {
      const fr = await french.newPage();
      await fr.goto(url);
      const w = fr.locator('answerdesk-widget');
      await w.getByRole('button', { name: /Ouvrir la discussion/ }).click();
      await w.getByRole('textbox', { name: 'Votre message' }).waitFor();
      expect(await w.getByRole('textbox', { name: 'Votre message' }).getAttribute('placeholder')).toBe(
        'Écrivez un message…',
      );
      await w.getByRole('button', { name: 'Parler à quelqu’un' }).waitFor();
      expect(await w.locator('.root').getAttribute('lang')).toBe('fr');
      await w.getByText('Des réponses immédiates, avec leurs sources').waitFor();
      // The bot answers in French too: its greeting, and its decline of what the articles lack.
      const frBox = w.getByRole('textbox', { name: 'Votre message' });
      await frBox.fill('Bonjour');
      await frBox.press('Enter');
      await w
        .locator('.msg.bot:not(.streaming)')
        .getByText(/Bonjour ! Je suis l’assistant virtuel/)
        .waitFor();
      await frBox.fill('Puis-je payer mes commandes en bitcoins ?');
      await frBox.press('Enter');
      await w
        .locator('.msg.bot:not(.streaming)')
        .getByText(/Désolé, je n’ai rien trouvé/)
        .waitFor();
      const dir = path.resolve(__dirname, '../../test-results');
      mkdirSync(dir, { recursive: true });
      await fr.screenshot({ path: path.join(dir, 'widget-french.png') });
      await fr.goto(`${url}/de`);
      await w.locator('.launcher').waitFor();
      if (!(await w.getByRole('textbox', { name: 'Ihre Nachricht' }).isVisible())) await w.locator('.launcher').click();
      await w.getByRole('banner').getByRole('button', { name: 'Mit einem Menschen sprechen' }).waitFor();
      // The site's data-locale reaches the server: a greeting no language owns is answered in
      // German on this French browser.
      const deBox = w.getByRole('textbox', { name: 'Ihre Nachricht' });
      await deBox.fill('Hi');
      await deBox.press('Enter');
      await w
        .locator('.msg.bot:not(.streaming)')
        .getByText(/Hallo! Ich bin der virtuelle Assistent/)
        .waitFor();
    } finally {
      await french.close();
      await pages.stop();
    }
  });

  it('works with the keyboard alone and announces answers to screen readers', async () => {
    await page.goto(siteUrl);
    await launcher().waitFor();
    await page.keyboard.press('Tab'); // the page's link
    await page.keyboard.press('Tab');
    await expect(
      launcher().evaluate(
        (b) => b.getRootNode() instanceof ShadowRoot && (b.getRootNode() as ShadowRoot).activeElement === b,
      ),
    ).resolves.toBe(true);
    await page.keyboard.press('Enter');
    const dialog = widget().getByRole('dialog', { name: 'Acme help' });
    await dialog.waitFor();
    expect(await launcher().getAttribute('aria-expanded')).toBe('true');
    await expect(input().evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).resolves.toBe(true);
    await page.keyboard.type('How do I return');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('an item?');
    expect(await input().inputValue()).toBe('How do I return\nan item?');
    await page.keyboard.press('Enter');
    await widget().locator('.msg.visitor').first().waitFor();
    expect(await widget().locator('.msg.visitor .bubble').first().textContent()).toBe('How do I return\nan item?');
    await bots().first().waitFor();
    expect(await widget().getByRole('log', { name: 'Conversation' }).count()).toBe(1);
    await widget()
      .locator('[aria-live="polite"]')
      .getByText(/^Assistant: You can return any product/)
      .waitFor({ state: 'attached' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await launcher().getAttribute('aria-expanded')).toBe('false');
    await expect(launcher().evaluate((b) => (b.getRootNode() as ShadowRoot).activeElement === b)).resolves.toBe(true);
  });

  it('counts replies that arrive while the panel is closed on the launcher badge', async () => {
    await openWidget();
    await ask('How do I return an item?');
    await widget().locator('.msg.bot.streaming').waitFor();
    await widget().getByRole('button', { name: 'Close chat', exact: true }).click();
    const badge = widget().locator('.badge');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('1');
    expect(await launcher().getAttribute('aria-label')).toBe('Open chat: Acme help (1 new)');
    // The count follows the visitor to the next page of the site.
    await page.goto(`${siteUrl}/other`);
    await badge.waitFor();
    await launcher().click();
    await badge.waitFor({ state: 'hidden' });
    expect(await bots().count()).toBe(1);
  });

  it('fills a phone screen with the panel', async () => {
    await page.setViewportSize({ width: 390, height: 760 });
    await openWidget();
    const box = await widget().getByRole('dialog').boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 390, height: 760 });
    await launcher().waitFor({ state: 'hidden' });
  });

  it('keeps the visitor’s token in its frame, out of the page’s reach, where the browser gives the frame storage', async () => {
    // Same site as the server (another origin on 127.0.0.1): the browser lets the frame keep storage.
    await page.goto(siteUrl.replace('localhost', '127.0.0.1'));
    await launcher().click();
    await input().waitFor();
    await ask('How do I return an item?');
    await bots().first().waitFor();
    const token = await connectionFrame()!.evaluate(() => localStorage.getItem('answerdesk:token'));
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    const pageCanSee = await page.evaluate(
      () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie,
    );
    expect(pageCanSee).not.toContain(token!);
    expect(pageCanSee).not.toContain('conversationId');
    // Nothing is lost for it: a reload shows the conversation again.
    await page.reload();
    await bots().first().waitFor();
    expect(await widget().locator('.msg.visitor .bubble').allTextContents()).toEqual(['How do I return an item?']);
  });

  it('runs the calls a page queued before the script loaded, in order, and later pushes at once', async () => {
    const queuePage = new StaticSite({
      '/': customerPage(serverUrl, {
        headScript:
          "window.Answerdesk = window.Answerdesk || { q: [] }; window.Answerdesk.q.push(['identify', { name: 'Early Bird', email: 'early@example.com' }]); window.Answerdesk.q.push(['open']); window.Answerdesk.q.push(['nonsense']);",
      }),
    });
    const url = await queuePage.start('localhost');
    try {
      await page.goto(url);
      await widget().getByRole('dialog').waitFor();
      expect(await page.evaluate(() => window.Answerdesk?.version)).toBe('1');
      const conversationId = await conversationOf();
      await eventually(
        async () => (await t.history.getConversation(conversationId))?.identity?.email === 'early@example.com',
        5000,
        'the queued identity stored',
      );
      await page.evaluate(() => window.Answerdesk!.q.push(['close']));
      await widget().getByRole('dialog').waitFor({ state: 'hidden' });
    } finally {
      await queuePage.stop();
    }
  });

  it('follows a dark page (or data-theme), shows the site’s logo and the assistant’s avatar, with 16 px input text', async () => {
    const pages = new StaticSite({
      '/dark': customerPage(serverUrl, {
        scriptAttrs: `data-theme="dark" data-logo="${trackerUrl}/pixel.gif?logo" data-avatar="${trackerUrl}/pixel.gif?avatar"`,
      }),
      '/light': customerPage(serverUrl, { scriptAttrs: 'data-theme="light"' }),
      '/auto': customerPage(serverUrl, { scriptAttrs: 'data-logo="javascript:alert(1)"' }),
    });
    const url = await pages.start('localhost');
    const panelBackground = () =>
      widget()
        .locator('.panel')
        .evaluate((e) => getComputedStyle(e).backgroundColor);
    try {
      await openWidget(`${url}/dark`);
      expect(await panelBackground()).toBe('rgb(17, 24, 39)');
      expect(await widget().locator('header img.logo').getAttribute('src')).toBe(`${trackerUrl}/pixel.gif?logo`);
      expect(await input().evaluate((e) => getComputedStyle(e).fontSize)).toBe('16px');
      await ask('How do I return an item?');
      await bots().first().locator('img.avatar').waitFor();
      expect(await bots().first().locator('img.avatar').getAttribute('src')).toBe(`${trackerUrl}/pixel.gif?avatar`);
      await widget().locator('.msg.bot .caret').waitFor({ state: 'detached' });

      // No data-theme: the visitor's colour scheme decides.
      await page.emulateMedia({ colorScheme: 'dark' });
      await openWidget(`${url}/auto`);
      expect(await panelBackground()).toBe('rgb(17, 24, 39)');
      await bots().first().waitFor();
      await record('widget-dark.png');
      expect(await widget().locator('header img.logo').count()).toBe(0);
      await page.emulateMedia({ colorScheme: 'light' });
      expect(await panelBackground()).toBe('rgb(255, 255, 255)');
      // data-theme="light" wins over a dark scheme.
      await page.emulateMedia({ colorScheme: 'dark' });
      await openWidget(`${url}/light`);
      expect(await panelBackground()).toBe('rgb(255, 255, 255)');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
      await pages.stop();
    }
  });

  it('offers window.Answerdesk: open, close, identify and destroy', async () => {
    await page.goto(siteUrl);
    await page.waitForFunction(() => !!window.Answerdesk);
    await page.evaluate(() => window.Answerdesk!.open());
    await widget().getByRole('dialog').waitFor();
    await page.evaluate(() => window.Answerdesk!.close());
    await widget().getByRole('dialog').waitFor({ state: 'hidden' });
    const conversationId = await conversationOf();
    await page.evaluate(() => window.Answerdesk!.identify({ name: 'Ada Lovelace', email: 'ada@example.com' }));
    await eventually(
      async () => (await t.history.getConversation(conversationId))?.identity?.email === 'ada@example.com',
      5000,
      'identity stored',
    );
    expect((await t.history.getConversation(conversationId))!.identity).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      verified: false,
    });
    await page.evaluate(() => window.Answerdesk!.destroy());
    expect(await page.locator('answerdesk-widget').count()).toBe(0);
    expect(await page.evaluate(() => window.Answerdesk)).toBeUndefined();
    await eventually(
      async () => (await t.app.io.of('/visitor').fetchSockets()).length === 0,
      5000,
      'the socket closed',
    );
  });

  it('saves a screenshot of the demo page with a conversation, for the record', async () => {
    upstream.always({ kind: 'stream', deltas: SLOW_ANSWER, delayMs: 5 });
    await page.goto(`${serverUrl}/`);
    await launcher().click();
    await widget().getByRole('button', { name: 'How do I return an item?' }).click();
    await bots().first().locator('.sources a').waitFor();
    await page.waitForTimeout(300);
    const dir = path.resolve(__dirname, '../../test-results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'widget.png');
    const png = await page.screenshot({ path: file });
    expect(png.byteLength).toBeGreaterThan(10_000);
  });
});
