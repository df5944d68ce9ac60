import { firstHeading, normaliseMarkup } from './help-center-markup';

describe('normaliseMarkup', () => {
  it('drops MDX imports and exports, keeping code fences as written', () => {
    const body = [
      "import Tabs from '@theme/Tabs';",
      "import { Highlight } from '../components';",
      'export const meta = {',
      "  owner: 'docs',",
      '};',
      'export default function Layout() { return null; }',
      '# Install the app',
      '```js',
      "import x from 'y';",
      '# not a heading',
      '```',
      'Done.',
    ].join('\n');
    expect(normaliseMarkup(body)).toBe(
      ['# Install the app', '```js', "import x from 'y';", '# not a heading', '```', 'Done.'].join('\n'),
    );
  });

  it('keeps the text of admonitions in both syntaxes, with their titles', () => {
    const docusaurus = [':::tip Before you start', 'Charge the battery first.', ':::', ':::note', 'Plain note.', ':::'];
    expect(normaliseMarkup(docusaurus.join('\n'))).toBe(
      ['**Before you start**', '', 'Charge the battery first.', 'Plain note.'].join('\n'),
    );
    const python = ['!!! warn ""', '', '    Only admins can do this.', '    Ask one.', '', 'After it.'];
    expect(normaliseMarkup(python.join('\n'))).toBe(
      ['', 'Only admins can do this.', 'Ask one.', '', 'After it.'].join('\n'),
    );
    expect(normaliseMarkup('!!! note "Good to know"\n    Text.')).toBe('**Good to know**\n\nText.');
  });

  it('removes template tokens, macros, MDX expressions and custom heading ids, but not code', () => {
    const body = [
      '## Reset your password {#reset}',
      'Hello {{ user.name }}, {% if pro %}welcome{% endif %}.',
      '{start_tabs}',
      '{tab|desktop-web}',
      '1. Open {settings_tab|account-and-privacy}.',
      'Version {frontMatter.version} of {useSiteName()}.',
      'Use `{name}` in the template.',
      '{end_tabs}',
    ].join('\n');
    expect(normaliseMarkup(body)).toBe(
      [
        '## Reset your password',
        'Hello , welcome.',
        '',
        '',
        '1. Open .',
        'Version  of .',
        'Use `{name}` in the template.',
        '',
      ].join('\n'),
    );
  });

  it('keeps the text of details and JSX-wrapped content for the tag stripper, on lines of their own', () => {
    const out = normaliseMarkup('<details><summary>Why?</summary>Because it is safer.</details>');
    expect(out).toBe('<details><summary>Why?</summary>\nBecause it is safer.</details>');
  });
});

describe('firstHeading', () => {
  it('skips code fences and custom ids', () => {
    expect(firstHeading('```sh\n# comment\n```\n# Real title {#t}\n')).toBe('Real title');
    expect(firstHeading('no heading here')).toBeUndefined();
  });
});
