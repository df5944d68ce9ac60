import { DeltaBatcher } from './delta-batcher';

const tick = () => new Promise((r) => setImmediate(r));

describe('DeltaBatcher', () => {
  it('sends the first delta at once and coalesces the rest of the same turn, with the right offset', async () => {
    const sent: [string, number][] = [];
    const b = new DeltaBatcher((d, o) => sent.push([d, o]));
    b.push('Hel', 0);
    expect(sent).toEqual([['Hel', 0]]);
    b.push('lo ', 3);
    b.push('wor', 6);
    expect(sent).toHaveLength(1);
    await tick();
    expect(sent).toEqual([
      ['Hel', 0],
      ['lo wor', 3],
    ]);
    b.push('ld', 9);
    b.flush(); // before the end: nothing may trail it
    expect(sent[2]).toEqual(['ld', 9]);
    await tick();
    expect(sent).toHaveLength(3);
    // Reassembled by offset, the text is whole.
    expect(sent.reduce((text, [d, o]) => text.slice(0, o) + d, '')).toBe('Hello world');
  });

  it('does not hold deltas that arrive in different turns', async () => {
    const sent: string[] = [];
    const b = new DeltaBatcher((d) => sent.push(d));
    b.push('a', 0);
    await tick();
    b.push('b', 1);
    await tick();
    b.push('c', 2);
    await tick();
    expect(sent).toEqual(['a', 'b', 'c']);
  });

  it('drops what is pending when the answer is withdrawn', async () => {
    const sent: string[] = [];
    const b = new DeltaBatcher((d) => sent.push(d));
    b.push('a', 0);
    b.push('b', 1);
    b.discard();
    await tick();
    expect(sent).toEqual(['a']);
  });

  it('with an interval, joins the deltas of that interval and holds none longer', async () => {
    const sent: [string, number][] = [];
    const b = new DeltaBatcher((d, o) => sent.push([d, o]), 30);
    b.push('a', 0); // the first, at once
    b.push('b', 1);
    await tick();
    b.push('c', 2);
    await tick();
    expect(sent).toEqual([['a', 0]]);
    await new Promise((r) => setTimeout(r, 45));
    expect(sent).toEqual([
      ['a', 0],
      ['bc', 1],
    ]);
    b.push('d', 3);
    b.flush();
    expect(sent[2]).toEqual(['d', 3]);
  });
});
