import { CitationNumbers } from './citation-numbers';

describe('CitationNumbers', () => {
  it('numbers sources in the order they are first cited, as they stream', () => {
    const c = new CitationNumbers(new Set([1, 2, 3]));
    const streamed = ['Yes [3], see', ' also [1]', '[3].'].map((d) => c.push(d)).join('') + c.flush();
    expect(streamed).toBe('Yes [1], see also [2][1].');
    expect(c.cited()).toEqual([3, 1]);
  });

  it('holds a citation cut between two deltas until it is whole', () => {
    const c = new CitationNumbers(new Set([1, 2, 12]));
    expect(c.push('See [')).toBe('See ');
    expect(c.push('1')).toBe('');
    expect(c.push('2] and [2')).toBe('[1] and ');
    expect(c.push('].')).toBe('[2].');
    expect(c.cited()).toEqual([12, 2]);
  });

  it('leaves numbers that name no source as written, and gives back what it held at the end', () => {
    const c = new CitationNumbers(new Set([1]));
    expect(c.push('Step [9] of the list. Total: [')).toBe('Step [9] of the list. Total: ');
    expect(c.flush()).toBe('[');
    expect(c.cited()).toEqual([]);
  });
});
