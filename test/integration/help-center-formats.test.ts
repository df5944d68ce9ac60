import path from 'node:path';
import type { Chunk } from '../../src/knowledge/chunk';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import { LexicalIndex } from '../../src/knowledge/lexical/lexical-index';
import { createLogger } from '../../src/logger';

/**
 * A help center written the way Zulip (Python-Markdown includes and macros) and Docusaurus (MDX,
 * snippets, admonitions, custom heading ids) sites are, loaded as the server loads a folder.
 */
const FIXTURE = path.resolve(__dirname, '../fixtures/help-center-formats');

/** Text that is markup of a site generator, never words a visitor should see or a search should match. */
const TOKENS = [
  /\{!/,
  /\{\{/,
  /\{%/,
  /\{start_tabs\}/,
  /\{tab\|/,
  /\{settings_tab\|/,
  /\{#/,
  /--8<--/,
  /^\s*!!!\s/m,
  /^:::/m,
  /^import\s/m,
  /^export\s/m,
];

/** The lexical index, keeping what it was given to index. */
class RecordingIndex extends LexicalIndex {
  readonly given = new Map<string, Chunk[]>();
  override setDocument(docPath: string, chunks: Chunk[]): void {
    this.given.set(docPath, chunks);
    super.setDocument(docPath, chunks);
  }
}

describe('a help center in the formats real ones are written in', () => {
  const index = new RecordingIndex();
  const kb = new KnowledgeBase({
    root: FIXTURE,
    index,
    logger: createLogger('silent'),
    debounceMs: 10,
    baseUrl: 'https://help.example.com/',
  });
  const text = (docPath: string) => (index.given.get(docPath) ?? []).map((c) => c.text).join('\n');
  beforeAll(() => kb.load());
  afterAll(() => kb.close());

  it('indexes the articles only, never an included fragment on its own', () => {
    expect(kb.documents().map((d) => d.path)).toEqual(['docs/contact-us.mdx', 'rename-a-workspace.md']);
  });

  it('expands includes where they are referenced, through include folders and snippet folders', () => {
    expect(text('rename-a-workspace.md')).toContain('Only organization owners can change the billing plan.');
    expect(text('rename-a-workspace.md')).toContain('Type the new name under **Workspace name**.');
    expect(text('docs/contact-us.mdx')).toContain('Our support team answers from 9 to 17, Monday to Friday.');
  });

  it('keeps admonitions’ titles and text, drops MDX code, and reads Docusaurus front matter', () => {
    const contact = kb.document('docs/contact-us.mdx')!;
    expect(contact).toMatchObject({
      title: 'Contact us',
      description: 'Every way to reach a person on the support team.',
      url: 'https://help.example.com/help/contact',
    });
    expect(text('docs/contact-us.mdx')).toContain('**Fastest answer**');
    expect(text('docs/contact-us.mdx')).toContain('Write to the address on your invoice, .');
    expect(text('docs/contact-us.mdx')).toContain('Every way to reach a person on the support team.');
  });

  it('lets no template token, include directive or MDX statement through to a passage or heading', () => {
    // Inline code is an example the article shows, braces and all.
    const visible = (s: string) => s.replace(/`[^`\n]*`/g, '');
    const chunks = [...index.given.values()].flat();
    const leaks = chunks.filter((c) =>
      TOKENS.some((t) => t.test(visible(c.text)) || c.headings.some((h) => t.test(visible(h)))),
    );
    expect(leaks.map((c) => `${c.path}: ${c.text.slice(0, 80)}`)).toEqual([]);
    const headings = chunks.flatMap((c) => c.headings);
    expect(headings).toContain('Email');
    expect(headings.some((h) => h.includes('comment'))).toBe(false);
  });
});
