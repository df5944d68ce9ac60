import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { splitMarkdown } from './recursive-split';

/** A seeded generator of Markdown the way help articles are written, with the separators' edge cases. */
function markdown(seed: number): string {
  let x = seed;
  const rand = (n: number) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x % n;
  };
  const word = () =>
    [
      'the',
      'board',
      'upload',
      'port',
      'driver',
      'résumé',
      'naïve',
      '🙂',
      'x'.repeat(1 + rand(40)),
      'https://example.com/a/b?c=d',
    ][rand(10)];
  const sentence = () => `${Array.from({ length: 3 + rand(25) }, word).join(' ')}.`;
  const blocks = [
    () => Array.from({ length: 1 + rand(6) }, sentence).join(' '),
    () => `${'#'.repeat(2 + rand(5))} ${sentence()}`,
    () => Array.from({ length: 2 + rand(8) }, () => `- ${sentence()}`).join('\n'),
    () => `\`\`\`\n${Array.from({ length: 1 + rand(10) }, sentence).join('\n')}\n\`\`\``,
    () => ['***', '---', '___'][rand(3)],
    () => 'y'.repeat(1000 + rand(1500)),
    () => Array.from({ length: 30 + rand(60) }, word).join(' '),
  ];
  return Array.from({ length: 2 + rand(14) }, () => blocks[rand(blocks.length)]()).join(
    ['\n\n', '\n', '\n\n\n'][rand(3)],
  );
}

describe('splitMarkdown (LangChain’s recursive Markdown splitting)', () => {
  const reference = RecursiveCharacterTextSplitter.fromLanguage('markdown', { chunkSize: 1200, chunkOverlap: 150 });
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  afterAll(() => warn.mockRestore());

  it('cuts 400 generated articles into exactly the chunks LangChain’s splitter gives', async () => {
    let compared = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const text = markdown(seed);
      const ours = splitMarkdown(text, 1200, 150);
      expect([seed, ours]).toEqual([seed, await reference.splitText(text)]);
      compared += ours.length;
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('keeps chunks within the size where separators allow, starting each with the end of the one before', () => {
    const text = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} ${'word '.repeat(8 + (i % 5))}`).join('\n\n');
    const chunks = splitMarkdown(text, 300, 150);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(300);
    for (let i = 1; i < chunks.length; i++) expect(chunks[i - 1]).toContain(chunks[i].split('\n\n')[0].trim());
  });

  it('refuses an overlap as long as the chunk', () => {
    expect(() => splitMarkdown('text', 100, 100)).toThrow(RangeError);
  });
});
