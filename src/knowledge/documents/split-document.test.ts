import type { KnowledgeDocument } from '../chunk';
import { splitDocument } from './split-document';

const doc = (body: string): KnowledgeDocument => ({
  path: 'a/b.md',
  title: 'Doc',
  version: 'v',
  body,
  bytes: body.length,
  updatedAt: '',
});

describe('splitDocument', () => {
  it('cuts at headings and keeps each chunk’s heading path', () => {
    const chunks = splitDocument(
      doc('Intro text.\n\n## Shipping\n\nShip text.\n\n### Europe\n\nEU text.\n\n## Returns\n\nReturn text.'),
    );
    expect(chunks.map((c) => [c.headings, c.text])).toEqual([
      [[], 'Intro text.'],
      [['Shipping'], 'Ship text.'],
      [['Shipping', 'Europe'], 'EU text.'],
      [['Returns'], 'Return text.'],
    ]);
    expect(chunks.map((c) => c.id)).toEqual(['a/b.md#0', 'a/b.md#1', 'a/b.md#2', 'a/b.md#3']);
  });

  it('ignores headings inside code fences and drops HTML and images', () => {
    const chunks = splitDocument(doc('Text <a id="x"></a> here ![logo](l.png)\n\n```\n# not a heading\n```'));
    expect(chunks).toHaveLength(1);
    expect(chunks[0].text).toBe('Text  here\n\n```\n# not a heading\n```');
  });

  it('splits a long section into overlapping chunks under the same heading', () => {
    const para = (i: number) => `Paragraph ${i} ${'word '.repeat(60)}`;
    const chunks = splitDocument(doc(`## Long\n\n${Array.from({ length: 12 }, (_, i) => para(i)).join('\n\n')}`));
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.every((c) => c.headings[0] === 'Long' && c.text.length <= 1200)).toBe(true);
  });

  it('indexes the front matter description with the article’s opening section', () => {
    const withLead = splitDocument({ ...doc('Intro text.\n\n## Steps\n\nDo it.'), description: 'How to do it.' });
    expect(withLead.map((c) => c.text)).toEqual(['How to do it.\n\nIntro text.', 'Do it.']);
    const withoutLead = splitDocument({ ...doc('## Steps\n\nDo it.'), description: 'How to do it.' });
    expect(withoutLead.map((c) => [c.headings, c.text])).toEqual([
      [[], 'How to do it.'],
      [['Steps'], 'Do it.'],
    ]);
  });
});
