import { toPlainText } from '../documents/markdown-text';

/**
 * A passage's text as windows of whole sentences, each at most `maxWords` words (a sentence
 * longer than that is a window of its own, cut there), at most `maxWindows` of them: what a
 * sentence encoder reads well, covering the passage from its start.
 */
export function textWindows(markdown: string, maxWords: number, maxWindows: number): string[] {
  const sentences = markdown
    .split(/\n+/)
    .map((line) => toPlainText(line))
    .flatMap((line) => line.split(/(?<=[.!?:;])\s+(?=\S)/))
    .map((s) => s.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
  const windows: string[] = [];
  let current: string[] = [];
  let words = 0;
  const close = () => {
    if (current.length) windows.push(current.join(' '));
    current = [];
    words = 0;
  };
  for (const sentence of sentences) {
    const n = sentence.split(/\s+/).length;
    if (words + n > maxWords) close();
    current.push(n > maxWords ? sentence.split(/\s+/).slice(0, maxWords).join(' ') : sentence);
    words += Math.min(n, maxWords);
    if (windows.length >= maxWindows) break;
  }
  close();
  return windows.slice(0, maxWindows);
}
