import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { StaticSite } from '../support/static-site';
import { startTestApp } from '../support/test-app';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/import');

/** `npm run import -- ...` as an operator runs it, from the sources, in its own process. */
function runImport(knowledgeDir: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/import.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: path.join(knowledgeDir, '..', 'data') },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** A knowledge file as the server reads it: front matter and body. */
function article(file: string): { meta: Record<string, unknown>; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n\n([\s\S]*)$/.exec(readFileSync(file, 'utf8'));
  if (!m) throw new Error(`${file} has no front matter`);
  return { meta: YAML.parse(m[1]), body: m[2] };
}

const today = new Date().toISOString().slice(0, 10);

describe('npm run import: files', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-import-'));
  const knowledge = path.join(work, 'knowledge');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('turns a PDF into an article with its headings, paragraphs and bullets, without page numbers', async () => {
    const r = await runImport(knowledge, path.join(FIXTURES, 'manual.pdf'));
    expect(r.out).toContain('1 added, 0 changed, 0 removed, 0 unchanged, 0 conflicts');
    expect(r.code).toBe(0);
    const { meta, body } = article(path.join(knowledge, 'manual/manual.md'));
    expect(meta).toEqual({ title: 'Glowline desk lamp manual', imported: today });
    expect(body).toContain(
      '## Setting up the lamp\n\nScrew the arm into the base until it clicks. Plug the adapter into the socket',
    );
    expect(body).toContain('- Use only the adapter that came in the box.\n- Keep the lamp away from water.');
    expect(body).toContain('## Changing the brightness');
    expect(body).toContain('## Cleaning');
    expect(body).not.toMatch(/^\d+$/m);
  });

  it('turns a Word document into an article, its Word headings as Markdown headings', async () => {
    const r = await runImport(knowledge, path.join(FIXTURES, 'returns-policy.docx'), '--into', 'policies');
    expect(r.code).toBe(0);
    const { meta, body } = article(path.join(knowledge, 'policies/returns-policy.md'));
    expect(meta.title).toBe('Returns policy');
    expect(body).toBe(
      'You may return any item within **30 days** of delivery for a full refund.\n\n## How to return an item\n\n' +
        '- Print the prepaid label from your account.\n- Pack the item in its original box.\n\n## Refunds\n\n' +
        'Refunds reach your card within five working days of our receiving the item.\n',
    );
  });

  it('keeps an HTML page’s main content, without its navigation and footer', async () => {
    await runImport(knowledge, path.join(FIXTURES, 'warranty.html'));
    const { meta, body } = article(path.join(knowledge, 'warranty/warranty.md'));
    expect(meta.title).toBe('Warranty');
    expect(body).toMatch(/^Every lamp comes with a two-year warranty/);
    expect(body).toContain('## Making a claim');
    expect(body).not.toMatch(/Home|Contact|Privacy|©/);
  });

  it('reads a Zendesk Help Center export: published articles, by section, citing their page', async () => {
    const r = await runImport(knowledge, path.join(FIXTURES, 'zendesk-articles.json'), '--into', 'help');
    expect(r.out).toContain('2 added');
    const files = readdirSync(path.join(knowledge, 'help'), { recursive: true }).sort();
    expect(files).toEqual([
      '.answerdesk-import.json',
      'orders-delivery',
      'orders-delivery/3601-track-your-order.md',
      'orders-delivery/3602-change-the-delivery-address.md',
    ]);
    const { meta, body } = article(path.join(knowledge, 'help/orders-delivery/3601-track-your-order.md'));
    expect(meta).toEqual({
      title: 'Track your order',
      url: 'https://help.example-shop.test/hc/en-us/articles/3601-Track-your-order',
      imported: today,
    });
    expect(body).toContain('## No email?');
    // A relative link in the article points at the help center again.
    expect(body).toContain('[Orders](https://help.example-shop.test/hc/en-us/articles/3605)');
  });

  it('makes one FAQ article per question and answer of a CSV', async () => {
    await runImport(knowledge, path.join(FIXTURES, 'faq.csv'));
    const dir = path.join(knowledge, 'faq');
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .sort(),
    ).toEqual(['can-i-pay-by-invoice.md', 'do-you-ship-abroad-2.md', 'do-you-ship-abroad.md']);
    expect(article(path.join(dir, 'can-i-pay-by-invoice.md'))).toEqual({
      meta: { title: 'Can I pay by invoice?', imported: today },
      body: 'Businesses can, once their account is approved.\nAsk us for the form.\n',
    });
  });

  it('refuses what it cannot read, saying what it reads', async () => {
    const notes = path.join(work, 'notes.rtf');
    writeFileSync(notes, '{\\rtf1 hello}');
    const r = await runImport(knowledge, notes);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/is not a kind of file the importer reads\. The source is an http\(s\) URL/);
    expect((await runImport(knowledge, path.join(work, 'missing.pdf'))).out).toContain('does not exist');
    expect((await runImport(knowledge)).code).toBe(64);
    const outside = await runImport(knowledge, path.join(FIXTURES, 'faq.csv'), '--into', '../elsewhere');
    expect(outside.out).toContain('--into must be a folder inside the knowledge folder');
    expect(existsSync(path.join(work, 'elsewhere'))).toBe(false);
  });
});

describe('npm run import: again, after changes on both sides', () => {
  it('adds, changes and removes what changed at the source, and never overwrites an agent’s edit', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-reimport-'));
    const knowledge = path.join(work, 'knowledge');
    const csv = path.join(work, 'faq.csv');
    const write = (rows: [string, string][]) =>
      writeFileSync(csv, `question,answer\n${rows.map(([q, a]) => `"${q}","${a}"`).join('\n')}\n`);
    write([
      ['Do you ship abroad?', 'Yes, to 30 countries.'],
      ['Can I pay by invoice?', 'Businesses can.'],
      ['Do you gift wrap?', 'Yes, for a small fee.'],
      ['Do you sell gift cards?', 'Yes, from 10 to 200.'],
    ]);
    expect((await runImport(knowledge, csv)).out).toContain('4 added, 0 changed, 0 removed, 0 unchanged, 0 conflicts');
    const dir = path.join(knowledge, 'faq');
    // An agent improves one answer in the console; the source changes two and drops two.
    const edited = path.join(dir, 'do-you-ship-abroad.md');
    writeFileSync(
      edited,
      readFileSync(edited, 'utf8').replace('Yes, to 30 countries.', 'Yes, to 31 countries, see the map.'),
    );
    write([
      ['Do you ship abroad?', 'Yes, to 32 countries.'],
      ['Can I pay by invoice?', 'Businesses can, once approved.'],
      ['Do you sell gift cards?', 'Yes, from 10 to 200.'],
      ['Can I cancel an order?', 'Until it ships.'],
    ]);
    const again = await runImport(knowledge, csv);
    expect(again.out).toContain('1 added, 1 changed, 1 removed, 1 unchanged, 1 conflicts');
    expect(again.out).toContain('added faq/can-i-cancel-an-order.md');
    expect(again.out).toContain('changed faq/can-i-pay-by-invoice.md');
    expect(again.out).toContain('removed faq/do-you-gift-wrap.md');
    expect(again.out).toContain('conflict faq/do-you-ship-abroad.md: edited since the last import; kept as it is');
    expect(again.code).toBe(2);
    expect(readFileSync(edited, 'utf8')).toContain('Yes, to 31 countries, see the map.');
    expect(article(path.join(dir, 'can-i-pay-by-invoice.md')).body).toBe('Businesses can, once approved.\n');
    expect(existsSync(path.join(dir, 'do-you-gift-wrap.md'))).toBe(false);
    // The conflict stays reported until someone resolves it; the rest is quiet.
    const third = await runImport(knowledge, csv);
    expect(third.out).toContain('0 added, 0 changed, 0 removed, 3 unchanged, 1 conflicts');
    // A file of the team's own where an article would go is left alone too.
    writeFileSync(csv, 'question,answer\n"Where is my order?","See Orders."\n');
    writeFileSync(path.join(dir, 'where-is-my-order.md'), '# Our own page\n');
    const fourth = await runImport(knowledge, csv);
    expect(fourth.out).toContain('conflict faq/where-is-my-order.md: a file that was not imported is already there');
    expect(readFileSync(path.join(dir, 'where-is-my-order.md'), 'utf8')).toBe('# Our own page\n');
    rmSync(work, { recursive: true, force: true });
  });
});

describe('npm run import: a website', () => {
  const page = (title: string, body: string, links: string[] = [], head = '') =>
    `<!doctype html><html><head><title>${title} – Lamp Co help</title>${head}</head><body>
<nav>${['/', '/help/setup', '/help/returns'].map((l) => `<a href="${l}">${l}</a>`).join(' ')}</nav>
<main><h1>${title}</h1>${body}${links.map((l) => `<p><a href="${l}">more</a></p>`).join('')}</main>
<footer>Lamp Co · <a href="/legal">Legal</a></footer></body></html>`;
  const words = (s: string) =>
    `<p>${s} ${'This paragraph explains it in enough words to count as an article rather than a list of links. '.repeat(2)}</p>`;
  let site: StaticSite;
  let url: string;
  beforeAll(async () => {
    site = new StaticSite({
      '/robots.txt': 'User-agent: *\nDisallow: /help/internal\n',
      '/': page('Help center', '<p>Pick a topic.</p>', ['/help/setup', '/help/internal', 'https://elsewhere.test/x']),
      '/help/setup': page('Setting up your lamp', words('Screw the arm into the base.'), [
        '/help/returns',
        '/help/draft',
      ]),
      '/help/returns': page('Returns', words('Return any lamp within 30 days.'), ['/help/warranty']),
      '/help/warranty': page('Warranty', words('Two years on every lamp.')),
      '/help/internal': page('Internal notes', words('Not for the public.')),
      '/help/draft': page('Draft', words('Unfinished.'), [], '<meta name="robots" content="noindex">'),
      '/sitemap.xml': `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>URL/help/returns</loc></url><url><loc>URL/help/warranty</loc></url><url><loc>URL/help/internal</loc></url></urlset>`,
    });
    url = await site.start('127.0.0.1');
    (site as unknown as { pages: Record<string, string> }).pages['/sitemap.xml'] = (
      site as unknown as { pages: Record<string, string> }
    ).pages['/sitemap.xml'].replaceAll('URL', url);
  });
  afterAll(() => site.stop());

  it('follows the site’s own links from a start page, within robots.txt and the page limit', async () => {
    const knowledge = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-web-'));
    site.requests.length = 0;
    const r = await runImport(knowledge, `${url}/`, '--into', 'lampco');
    expect(r.code).toBe(0);
    const files = readdirSync(path.join(knowledge, 'lampco'), { recursive: true })
      .filter((f) => String(f).endsWith('.md'))
      .sort();
    expect(files).toEqual(['help/returns.md', 'help/setup.md', 'help/warranty.md']);
    const { meta, body } = article(path.join(knowledge, 'lampco/help/setup.md'));
    expect(meta).toEqual({ title: 'Setting up your lamp', url: `${url}/help/setup`, imported: today });
    expect(body).toMatch(/^Screw the arm into the base\./);
    expect(body).not.toMatch(/Lamp Co ·|Legal/);
    // Disallowed by robots.txt: never requested. Another site: never followed. noindex: read for links, not kept.
    expect(site.requests).not.toContain('/help/internal');
    expect(site.requests).toContain('/robots.txt');
    // The page limit holds.
    const limited = await runImport(mkdtempSync(path.join(os.tmpdir(), 'answerdesk-web-')), `${url}/`, '--limit', '2');
    expect(limited.out).toMatch(/stopped at the page limit \(2\)/);
    rmSync(knowledge, { recursive: true, force: true });
  });

  it('reads the pages a sitemap lists, and the server cites them', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-web-'));
    const knowledge = path.join(dir, 'knowledge');
    const r = await runImport(knowledge, `${url}/sitemap.xml`);
    expect(r.out).toContain('2 added');
    const folder = readdirSync(knowledge)[0];
    expect(readdirSync(path.join(knowledge, folder, 'help')).sort()).toEqual(['returns.md', 'warranty.md']);
    // The server reads imported files like any other: the answer cites the page it came from.
    const t = await startTestApp({ dir });
    try {
      const res = await fetch(`${t.url}/api/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'How long is the warranty on a lamp?' }),
      });
      const { message } = (await res.json()) as { message: { sources: { path: string; url?: string }[] } };
      expect(message.sources[0]).toMatchObject({ path: `${folder}/help/warranty.md`, url: `${url}/help/warranty` });
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
