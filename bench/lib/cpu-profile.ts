/**
 * Reading a V8 CPU profile (`.cpuprofile`, as written by `node --cpu-prof` or the inspector's
 * Profiler): time per call-tree node, where each function's time goes by category, and the
 * heaviest functions. Used by the profile benchmark, and by anyone reading a profile of their own.
 */

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A call-tree node with its own time and its callees', in ms. */
export interface TimedNode {
  frame: CallFrame;
  selfMs: number;
  totalMs: number;
  children: TimedNode[];
}

/**
 * Where a frame's time goes, in the terms of the question "what does Answerdesk add": our own
 * code by folder, the libraries it runs on, Node.js itself, and the engine's own work.
 */
export type Category = 'idle' | 'gc' | 'engine' | 'native' | `node:${string}` | `src/${string}` | `dep:${string}`;

export function categoryOf(frame: CallFrame): Category {
  const { functionName: name, url } = frame;
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'gc';
  // (program) is the engine outside JavaScript; a native function or a wasm kernel has no script.
  if (!url) return name.startsWith('(') ? 'engine' : 'native';
  if (url.startsWith('wasm://')) return 'native';
  // Node.js by module: its fetch (undici, which the openai SDK uses), streams, net, events...
  if (url.startsWith('node:')) return `node:${/^node:(?:internal\/(?:deps\/)?)?([^/]+)/.exec(url)?.[1] ?? 'other'}`;
  const dep = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dep) return `dep:${dep[1]}`;
  const src = /\/(src|bench|test)\/(?:([^/]+)\/)?[^/]+$/.exec(url);
  if (src) return src[1] === 'src' && src[2] ? `src/${src[2]}` : `src/${src[1] === 'src' ? '(root)' : src[1]}`;
  return 'node:other';
}

/**
 * The call tree with times, counting only samples taken between `from` and `to` (the profile's
 * own clock, in microseconds; by default all of it).
 */
export function timedTree(profile: CpuProfile, window: { from?: number; to?: number } = {}): TimedNode {
  const self = new Map<number, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if ((window.from !== undefined && t < window.from) || (window.to !== undefined && t > window.to)) continue;
    // A sample stands for the time since the one before it.
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  const root = profile.nodes.find((n) => !childIds.has(n.id));
  if (!root) throw new Error('a CPU profile with no root node');
  const build = (n: ProfileNode): TimedNode => {
    const children = (n.children ?? []).map((id) => build(byId.get(id)!));
    const selfMs = self.get(n.id) ?? 0;
    return { frame: n.callFrame, selfMs, totalMs: selfMs + children.reduce((s, c) => s + c.totalMs, 0), children };
  };
  return build(root);
}

function* walk(node: TimedNode): Generator<TimedNode> {
  yield node;
  for (const c of node.children) yield* walk(c);
}

/**
 * Own time by category, in ms, heaviest first. A native function (no file: a socket write, a
 * SQLite statement, a wasm kernel) counts for the caller that asked for it, so SQLite's time is
 * the history store's and a write is Node.js's; the engine's own work (GC, compiling) stays its own.
 */
export function selfByCategory(tree: TimedNode): [Category, number][] {
  const out = new Map<Category, number>();
  const visit = (n: TimedNode, caller: Category) => {
    const own = categoryOf(n.frame);
    const c = own === 'native' ? caller : own;
    if (n.selfMs > 0) out.set(c, (out.get(c) ?? 0) + n.selfMs);
    for (const child of n.children) visit(child, c);
  };
  visit(tree, 'engine');
  return [...out].sort((a, b) => b[1] - a[1]);
}

/** The functions with the most own time, each summed over every place it was called from. */
export function topFunctions(tree: TimedNode, n: number): { name: string; category: Category; selfMs: number }[] {
  const out = new Map<string, { name: string; category: Category; selfMs: number }>();
  for (const node of walk(tree)) {
    if (node.selfMs === 0 || categoryOf(node.frame) === 'idle') continue;
    const name = frameLabel(node.frame);
    const e = out.get(name) ?? { name, category: categoryOf(node.frame), selfMs: 0 };
    e.selfMs += node.selfMs;
    out.set(name, e);
  }
  return [...out.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, n);
}

/** `name file:line`, with the file's path shortened to its package or project folder. */
export function frameLabel(frame: CallFrame): string {
  const file = frame.url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/(src|bench|test)\//, '$1/');
  return `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
}
