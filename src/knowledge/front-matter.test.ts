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
