import { categoryOf, selfByCategory, timedTree, topFunctions, type CpuProfile } from '../../bench/lib/cpu-profile';
import { flameGraphSvg } from '../../bench/lib/flame-graph';

/**
 * A profile as V8 writes it: root -> answer (ours) -> run (a native SQLite call) and
 * root -> write (Node.js), root -> parse (a library, with a name that is markup), and idle.
 * Samples are 1 ms apart; each node's own time is its sample count.
 */
function profile(): CpuProfile {
  const f = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
  const nodes = [
    { id: 1, callFrame: f('(root)', ''), children: [2, 4, 5, 6, 7] },
    { id: 2, callFrame: f('answer', 'file:///app/src/chat/answer-engine.ts'), children: [3] },
    { id: 3, callFrame: f('run', ''), children: [] },
    { id: 4, callFrame: f('writev', 'node:internal/stream_base_commons'), children: [] },
    { id: 5, callFrame: f('<script>"x"&', 'file:///app/node_modules/@scope/lib/index.js'), children: [] },
    { id: 6, callFrame: f('(idle)', ''), children: [] },
    { id: 7, callFrame: f('(garbage collector)', ''), children: [] },
  ];
  // answer 2, run 3, writev 1, parse 4, idle 10, gc 1: 21 samples.
  const samples = [2, 2, 3, 3, 3, 4, 5, 5, 5, 5, ...Array(10).fill(6), 7];
  return { nodes, startTime: 0, endTime: samples.length * 1000, samples, timeDeltas: samples.map(() => 1000) };
}

describe('reading a CPU profile', () => {
  it('gives each node its own time and its callees', () => {
    const tree = timedTree(profile());
    const answer = tree.children.find((c) => c.frame.functionName === 'answer')!;
    expect(answer.selfMs).toBeCloseTo(2);
    expect(answer.totalMs).toBeCloseTo(5);
    expect(tree.totalMs).toBeCloseTo(21);
  });

  it('counts only the samples inside a window', () => {
    // Sample i is taken at (i + 1) ms: the first five are answer's and run's.
    const tree = timedTree(profile(), { from: 0, to: 5000 });
    expect(tree.totalMs).toBeCloseTo(5);
    expect(tree.children.find((c) => c.frame.functionName === 'writev')!.totalMs).toBe(0);
  });

  it('sorts frames into ours, libraries, Node.js and the engine, a native call counting for its caller', () => {
    expect(categoryOf({ functionName: 'search', url: 'file:///x/src/knowledge/hybrid-index.ts', lineNumber: 1 })).toBe(
      'src/knowledge',
    );
    expect(
      categoryOf({
        functionName: 'f',
        url: 'file:///x/node_modules/@socket.io/component-emitter/index.js',
        lineNumber: 1,
      }),
    ).toBe('dep:@socket.io/component-emitter');
    expect(categoryOf({ functionName: 'fetch', url: 'node:internal/deps/undici/undici', lineNumber: 1 })).toBe(
      'node:undici',
    );
    expect(categoryOf({ functionName: 'emit', url: 'node:events', lineNumber: 1 })).toBe('node:events');
    expect(categoryOf({ functionName: '(program)', url: '', lineNumber: -1 })).toBe('engine');
    const cats = Object.fromEntries(selfByCategory(timedTree(profile())));
    // answer's 2 ms and the SQLite call's 3 ms are both the chat code's.
    expect(cats).toEqual({ idle: 10, 'src/chat': 5, 'dep:@scope/lib': 4, 'node:stream_base_commons': 1, gc: 1 });
  });

  it('lists the heaviest functions by their own time, idle left out', () => {
    const top = topFunctions(timedTree(profile()), 2);
    expect(top.map((f) => [f.name, f.selfMs])).toEqual([
      ['<script>"x"& @scope/lib/index.js:10', 4],
      ['run', 3],
    ]);
  });
});

describe('the flame graph', () => {
  const svg = flameGraphSvg(timedTree(profile()), { title: 'A & B', per: { count: 2, unit: 'ms/answer' } });
  const frames = [...svg.matchAll(/<title>([^<]*)<\/title><rect x="([\d.]+)" y="(\d+)" width="([\d.]+)"/g)].map(
    (m) => ({ tip: m[1], x: Number(m[2]), y: Number(m[3]), w: Number(m[4]) }),
  );
  const frame = (name: string) => frames.find((f) => f.tip.startsWith(name))!;

  it('draws each function as wide as its time, idle left out, callees above callers', () => {
    // 11 ms on the CPU over 1,180 px: answer (5 ms) is 5/11 of the width, parse 4/11.
    expect(frame('answer').w).toBeCloseTo((1180 * 5) / 11, 1);
    expect(frame('&lt;script&gt;').w).toBeCloseTo((1180 * 4) / 11, 1);
    expect(frame('run').w).toBeCloseTo((1180 * 3) / 11, 1);
    expect(frame('run').y).toBeLessThan(frame('answer').y);
    expect(frame('run').x).toBe(frame('answer').x);
    expect(frames.some((f) => f.tip.startsWith('(idle)'))).toBe(false);
    expect(frame('answer').tip).toContain('2.500 ms/answer (45.5%), own 1.000 ms/answer');
  });

  it('escapes names, which come from the profiled program', () => {
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;&quot;x&quot;&amp;');
    expect(svg).toContain('A &amp; B');
  });

  it('colours a frame by whose code it is, darker when more of its width is its own time', () => {
    const fill = (name: string) =>
      new RegExp(`<title>${name}[^<]*</title><rect [^>]*fill="hsl\\((\\d+),(\\d+)%,(\\d+)%\\)"`)
        .exec(svg)!
        .slice(1)
        .map(Number);
    const [ourHue, , answerLight] = fill('answer');
    const [libHue, , parseLight] = fill('&lt;script');
    expect(ourHue).not.toBe(libHue);
    // parse is all its own time; answer 2 ms of 5.
    expect(parseLight).toBeLessThan(answerLight);
  });
});
