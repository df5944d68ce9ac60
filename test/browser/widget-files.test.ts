import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, call, connectAgent } from '../support/agent-client';
import { seriousViolations } from '../support/axe';
import { describeBrowser, launchBrowser } from '../support/browser';
import { phonePhoto, pngImage, tinyPdf } from '../support/images';
import { StaticSite } from '../support/static-site';
import { login, startTestApp, type TestApp } from '../support/test-app';
import { customerPage, eventually } from './widget-page';

describeBrowser('photos and files in the widget (Chromium)', () => {
  let browser: Browser;
  let t: TestApp;
  let site: StaticSite;
  let siteUrl: string;
  let context: BrowserContext;
  let page: Page;
  let agentToken: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_DISABLED: '1' } });
    agentToken = await login(t.url);
    site = new StaticSite({ '/': customerPage(t.url) });
    siteUrl = await site.start('localhost');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await t?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1100, height: 800 }, acceptDownloads: true });
    context.setDefaultTimeout(8000);
    page = await context.newPage();
    page.on('pageerror', (err) => {
      throw err;
    });
  });
  afterEach(() => context.close());

  const widget = () => page.locator('answerdesk-widget');
  const input = () => widget().getByRole('textbox', { name: 'Your message' });

  async function open(): Promise<string> {
    await page.goto(siteUrl);
    await widget().locator('button.launcher').click();
    await input().waitFor();
    // The conversation exists once the first session arrived.
    return eventually(conversationId, 5000, 'a conversation id');
  }

  /** The conversation the page's widget is in (the site is on another site than the server, so the page keeps the frame's values). */
  async function conversationId(): Promise<string> {
    const ids = await page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.endsWith(':conversationId'))
        .map((k) => localStorage.getItem(k)),
    );
    return (ids.find(Boolean) as string) ?? '';
  }

  /** Drops files on the panel, or pastes them into the message box, as the browser would. */
  async function dispatchFiles(kind: 'drop' | 'paste', files: { name: string; type: string; bytes: Buffer }[]) {
    await page.evaluate(
      ({ kind, files }) => {
        const root = document.querySelector('answerdesk-widget')!.shadowRoot!;
        const dt = new DataTransfer();
        for (const f of files)
          dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name, { type: f.type }));
        if (kind === 'drop') {
          const panel = root.querySelector('.panel')!;
          panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
          panel.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        } else {
          const box = root.querySelector('#ad-input')!;
          box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
        }
      },
      { kind, files: files.map((f) => ({ name: f.name, type: f.type, b64: f.bytes.toString('base64') })) },
    );
  }

  it('sends a photo picked, a PDF dropped and a screenshot pasted, and shows them', async () => {
    await open();
    // Picked: a phone photo, shown as a thumbnail, with the hint that a person can look at it.
    await widget()
      .locator('input[type=file]')
      .setInputFiles({ name: 'broken-lamp.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() });
    const photo = widget().getByRole('button', { name: 'Open the photo broken-lamp.jpg' });
    await photo.locator('img[src^="blob:"]').waitFor();
    await widget().getByText('The assistant cannot read files.', { exact: false }).waitFor();
    const shown = await photo.locator('img').evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    expect(shown).toEqual([100, 200]); // upright
    const dir = path.resolve(__dirname, '../../test-results');
    mkdirSync(dir, { recursive: true });

    // Dropped on the panel: a PDF, offered as a download under its name.
    await dispatchFiles('drop', [{ name: 'receipt.pdf', type: 'application/pdf', bytes: tinyPdf() }]);
    const pdf = widget().getByRole('button', { name: /^Download receipt\.pdf/ });
    await pdf.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), pdf.click()]);
    expect(download.suggestedFilename()).toBe('receipt.pdf');

    // Pasted into the message box: a screenshot.
    await dispatchFiles('paste', [{ name: 'image.png', type: 'image/png', bytes: await pngImage(300, 200) }]);
    await widget().getByRole('button', { name: 'Open the photo image.png' }).locator('img[src^="blob:"]').waitFor();
    await page.screenshot({ path: path.join(dir, 'widget-files.png') });
    expect(await seriousViolations(page, 'answerdesk-widget')).toEqual([]);

    // A photo opens large over the conversation; Escape closes it.
    await photo.click();
    const viewer = widget().getByRole('dialog', { name: 'Photo' });
    await viewer.locator('img[src^="blob:"]').waitFor();
    expect(await seriousViolations(page, 'answerdesk-widget')).toEqual([]);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    const id = await conversationId();
    const transcript = await api(t.url, agentToken).get(`/conversations/${id}`);
    expect(transcript.json.messages.flatMap((m: any) => m.attachments.map((a: any) => a.name))).toEqual([
      'broken-lamp.jpg',
      'receipt.pdf',
      'image.png',
    ]);
  });

  it('says why a file was refused, and sends nothing', async () => {
    await open();
    await widget()
      .locator('input[type=file]')
      .setInputFiles({
        name: 'photo.jpg',
        mimeType: 'image/jpeg',
        buffer: Buffer.from('<html><script>alert(1)</script>'),
      });
    await widget()
      .locator('.uploads .error')
      .getByText('This kind of file cannot be sent.', { exact: false })
      .waitFor();
    expect(await widget().locator('.attachments').count()).toBe(0);
  });

  it('shows the visitor a photo an agent sends', async () => {
    await open();
    const id = await conversationId();
    const agent = await connectAgent(t.url, agentToken);
    try {
      await call(agent, 'conversation:takeover', { conversationId: id });
      const res = await fetch(`${t.url}/api/v1/conversations/${id}/files`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${agentToken}`,
          'x-file-name': 'how-to-pack.png',
          'x-client-message-id': 'agent-file-1',
        },
        body: new Uint8Array(await pngImage(120, 80)),
      });
      expect(res.status).toBe(201);
      const fromAgent = widget().locator('.msg.agent');
      await fromAgent
        .getByRole('button', { name: 'Open the photo how-to-pack.png' })
        .locator('img[src^="blob:"]')
        .waitFor();
      expect(await fromAgent.locator('.bubble').count()).toBe(0);
    } finally {
      agent.close();
    }
  });
});
