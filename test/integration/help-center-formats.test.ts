import { existsSync } from 'node:fs';
import path from 'node:path';
import { KnowledgeBase } from '../../src/knowledge/knowledge-base';
import type { Chunk } from '../../src/knowledge/chunk';
import { LexicalIndex } from '../../src/knowledge/lexical/lexical-index';
import { createLogger } from '../../src/logger';

/** The real help centers in shared/corpora (data only: see each SOURCE.md). */
const CORPORA = path.resolve(__dirname, '../../../shared/corpora');
const corpus = (name: string) => path.join(CORPORA, name);

/** Text that is markup of a site generator, never words a visitor should see or a search should match. */
/** The lexical index, keeping what it was given to index. */
class RecordingIndex extends LexicalIndex {
  readonly given = new Map<string, Chunk[]>();
  override setDocument(path: string, chunks: Chunk[]): void {
    this.given.set(path, chunks);
    super.setDocument(path, chunks);
  }
}

const TOKENS = [
  /\{!/,
  /\{\{/,
  /\{%/,
  /\{start_tabs\}/,
  /\{tab\|/,
  /\{settings_tab\|/,
  /^\s*--8<--/m,
  /^\s*!!!\s/m,
  /^:::/m,
];

describe.each(['zulip-help', 'arduino-help'])('the %s help center as loaded', (name) => {
  const root = corpus(name);
  const available = existsSync(root);
  let kb: KnowledgeBase;
  let chunks: { path: string; headings: string[]; text: string }[];

  beforeAll(async () => {
    if (!available) {
      if (process.env.CI) throw new Error(`${root} is missing: the tests read the shared corpora`);
      return;
    }
    const index = new RecordingIndex();
    kb = new KnowledgeBase({ root, index, logger: createLogger('silent'), debounceMs: 10 });
    await kb.load();
    chunks = kb.documents().flatMap((d) => index.given.get(d.path) ?? []);
  });
  afterAll(() => kb?.close());

  it('indexes articles only, never an included fragment on its own', () => {
    if (!available) return console.warn(`skipped: ${root} is missing`);
    expect(kb.documents().length).toBeGreaterThan(100);
    expect(kb.documents().filter((d) => /(^|\/)(include|_includes|partials)\//.test(d.path))).toEqual([]);
  });

  it('lets no template token or include directive through to a passage', () => {
    if (!available) return console.warn(`skipped: ${root} is missing`);
    // Inline code is an example the article shows, braces and all.
    const visible = (text: string) => text.replace(/`[^`\n]*`/g, '');
    const leaks = chunks.filter((c) =>
      TOKENS.some((t) => t.test(visible(c.text)) || c.headings.some((h) => t.test(visible(h)))),
    );
    expect(leaks.map((c) => `${c.path}: ${c.text.slice(0, 80)}`)).toEqual([]);
  });
});
