import { expandIncludes, includeCandidates, isFragmentPath } from './includes';

/** A knowledge folder in memory: what `expandIncludes` reads. */
const folder = (files: Record<string, string>) => async (rel: string) => files[rel];

describe('includes', () => {
  it('tells fragments from articles', () => {
    expect(isFragmentPath('include/admin-only.md')).toBe(true);
    expect(isFragmentPath('docs/_includes/note.md')).toBe(true);
    expect(isFragmentPath('partials/footer.md')).toBe(true);
    expect(isFragmentPath('guides/_shared.md')).toBe(true);
    expect(isFragmentPath('guides/install.md')).toBe(false);
    expect(isFragmentPath('including-files.md')).toBe(false);
  });

  it('looks beside the article first, then up the tree and in include folders, never outside', () => {
    expect(includeCandidates('guides/setup/install.md', 'note.md')).toEqual([
      'guides/setup/note.md',
      'guides/setup/include/note.md',
      'guides/setup/includes/note.md',
      'guides/setup/_includes/note.md',
      'guides/setup/partials/note.md',
      'guides/setup/_partials/note.md',
      'guides/setup/snippets/note.md',
      'guides/setup/_snippets/note.md',
      'guides/note.md',
      'guides/include/note.md',
      'guides/includes/note.md',
      'guides/_includes/note.md',
      'guides/partials/note.md',
      'guides/_partials/note.md',
      'guides/snippets/note.md',
      'guides/_snippets/note.md',
      'note.md',
      'include/note.md',
      'includes/note.md',
      '_includes/note.md',
      'partials/note.md',
      '_partials/note.md',
      'snippets/note.md',
      '_snippets/note.md',
    ]);
    expect(includeCandidates('a.md', '../../etc/passwd')).toEqual([]);
    expect(includeCandidates('a.md', '/etc/passwd')).toEqual([]);
  });

  it('expands Python-Markdown and snippet includes, recursively, without their front matter', async () => {
    const read = folder({
      'include/admin-only.md': '---\ntitle: x\n---\n!!! warn ""\n    You must be an admin. {!include/why.md!}',
      'include/why.md': 'Admins manage the organization.',
      'snippets/steps.md': '1. Open settings.\n2. Save.',
    });
    const body = '# Rename\n\n{!admin-only.md!}\n\nSteps:\n\n--8<-- "steps.md"\n\n    --8<-- "steps.md"\n';
    const { body: out, includes } = await expandIncludes(body, 'rename.md', read);
    expect(out).toBe(
      [
        '# Rename',
        '',
        '!!! warn ""',
        '    You must be an admin. Admins manage the organization.',
        '',
        'Steps:',
        '',
        '1. Open settings.',
        '2. Save.',
        '',
        '    1. Open settings.',
        '    2. Save.',
        '',
      ].join('\n'),
    );
    expect(includes.sort()).toEqual(['include/admin-only.md', 'include/why.md', 'snippets/steps.md']);
  });

  it('expands a snippet block, leaves fences alone, and removes what it cannot find or what loops', async () => {
    const read = folder({ 'a.md': 'A {!b.md!}', 'b.md': 'B {!a.md!}', 'c.md': 'C' });
    const body = ['--8<--', 'c.md', 'a.md', '--8<--', '```', '{!c.md!}', '```', 'gone: {!missing.md!}.'].join('\n');
    const { body: out, includes } = await expandIncludes(body, 'page.md', read);
    expect(out).toBe(['C', 'A B ', '```', '{!c.md!}', '```', 'gone: .'].join('\n'));
    expect(includes.sort()).toEqual(['a.md', 'b.md', 'c.md']);
  });
});
