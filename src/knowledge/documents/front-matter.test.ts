import YAML from 'yaml';
import { parseFrontMatter } from './front-matter';

describe('parseFrontMatter', () => {
  it('splits YAML front matter from the body', () => {
    const r = parseFrontMatter('---\ntitle: Returns\nurl: https://x.example/r\n---\n\n# Body\n');
    expect(r.data).toEqual({ title: 'Returns', url: 'https://x.example/r' });
    expect(r.body).toBe('\n# Body\n');
  });
  it('treats a file without front matter as all body', () => {
    expect(parseFrontMatter('Just text')).toEqual({ data: {}, body: 'Just text' });
  });
  it('keeps the body and reports the error when the YAML is malformed', () => {
    const r = parseFrontMatter('---\ntitle: [unclosed\n---\nBody');
    expect(r.data).toEqual({});
    expect(r.body).toBe('Body');
    expect(r.error).toEqual(expect.stringMatching(/\S/));
  });
});

describe('parseFrontMatter without the YAML library (simple key: value blocks)', () => {
  // Each block is read by the fast path or handed to the YAML library; either way, as YAML reads it.
  const blocks = [
    'title: "Upload a sketch: step \\"one\\" \\u00e9\\n"\nid: 9264736457500',
    'title: Plain words, with commas (and brackets)\ndraft: true\nurl: https://x.example/a/b',
    'draft: false\ncount: -12\nzero: 0',
    'title: 007 agents', // leading digit: the library decides
    'title: "unterminated',
    'title: null\nother: ~',
    'title: 1.5\nwhen: 2024-01-01',
    'title: Yes # a comment',
    'title: a: b',
    "title: 'single quoted'",
    'big: 123456789012345678901234567890',
    'list:\n  - a\n  - b',
    'title: Returns\ntitle: Duplicated',
    'title: "tab\\tand slash \\/"',
    '  indented: value',
  ];
  it.each(blocks)('reads %j as YAML does', (block) => {
    const source = `---\n${block}\n---\nBody`;
    let expected: unknown;
    try {
      const parsed: unknown = YAML.parse(block);
      expected = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
    } catch {
      expected = {};
    }
    const r = parseFrontMatter(source);
    expect(r.data).toEqual(expected);
    expect(r.body).toBe('Body');
  });
});

describe('which blocks need the YAML library', () => {
  it('reads quoted titles, numbers and booleans itself, and hands lists to the library', () => {
    const parse = jest.spyOn(YAML, 'parse');
    try {
      expect(
        parseFrontMatter('---\ntitle: "Hardware Support"\nid: 9264736457500\ndraft: true\n---\nBody').data,
      ).toEqual({ title: 'Hardware Support', id: 9264736457500, draft: true });
      expect(parse).not.toHaveBeenCalled();
      expect(parseFrontMatter('---\ntags:\n  - a\n---\nBody').data).toEqual({ tags: ['a'] });
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });
});
