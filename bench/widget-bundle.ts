/**
 * The widget's weight as a visitor's browser downloads it: widget.js minified, gzipped and
 * brotli-compressed, against the 60 KB gzip budget, with what each part of it contributes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildWidget } from '../widget/build';
import { saveResult } from './lib/results';

const BUDGET_GZIP = 60 * 1024;

function group(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (m) return m[1];
  if (input.startsWith('src/')) return 'answerdesk (src/, shared)';
  return 'answerdesk (widget/)';
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'answerdesk-bundle-'));
  try {
    const { file, bytes, metafile } = await buildWidget({ outDir: dir, metafile: true });
    const code = readFileSync(file);
    const gz = gzipSync(code, { level: 9 }).length;
    const br = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log('| widget.js | bytes | KB |');
    console.log('|---|---:|---:|');
    console.log(`| minified | ${bytes} | ${kb(bytes)} |`);
    console.log(`| gzip -9 | ${gz} | ${kb(gz)} |`);
    console.log(`| brotli 11 | ${br} | ${kb(br)} |`);
    // The connection's frame, fetched in parallel with the page: the socket client is there.
    const frame = readFileSync(path.join(dir, 'widget-frame.js'));
    const frameGz = gzipSync(frame, { level: 9 }).length;
    console.log(
      `\nwidget-frame.js: ${kb(frame.length)} minified, ${kb(frameGz)} gzipped; both together ${kb(gz + frameGz)} gzipped`,
    );
    saveResult('widget-bundle', {
      minifiedBytes: bytes,
      gzipBytes: gz,
      brotliBytes: br,
      frameMinifiedBytes: frame.length,
      frameGzipBytes: frameGz,
      gzipBudgetBytes: BUDGET_GZIP,
    });
    console.log(
      `\ngzip budget, both scripts: ${kb(gz + frameGz)} of ${kb(BUDGET_GZIP)} (${(((gz + frameGz) / BUDGET_GZIP) * 100).toFixed(0)}%, ratio ${((gz + frameGz) / BUDGET_GZIP).toFixed(2)})`,
    );

    const out = Object.values(metafile!.outputs).find((o) => o.entryPoint);
    const parts = new Map<string, number>();
    for (const [input, info] of Object.entries(out?.inputs ?? {}))
      parts.set(group(input), (parts.get(group(input)) ?? 0) + info.bytesInOutput);
    const total = [...parts.values()].reduce((a, b) => a + b, 0);
    console.log('\n| part | minified bytes | share |');
    console.log('|---|---:|---:|');
    for (const [name, n] of [...parts].sort((a, b) => b[1] - a[1]))
      console.log(`| ${name} | ${n} | ${((n / total) * 100).toFixed(0)}% |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
