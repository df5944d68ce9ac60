import { citeSources } from './answer-engine';

const src = (n: number) => ({ n, title: `T${n}`, path: `p${n}.md`, text: '', score: 0.5 + n / 10 });

describe('citeSources', () => {
  it('keeps cited sources only and renumbers the citations to match', () => {
    const r = citeSources('Yes [3], see also [1][3].', [src(1), src(2), src(3)]);
    expect(r.sources.map((s) => s.path)).toEqual(['p1.md', 'p3.md']);
    expect(r.text).toBe('Yes [2], see also [1][2].');
  });
  it('keeps every source when the answer cites none, and ignores numbers with no source', () => {
    const r = citeSources('Plain answer [9].', [src(1), src(2)]);
    expect(r.sources).toHaveLength(2);
    expect(r.text).toBe('Plain answer [9].');
  });
});
