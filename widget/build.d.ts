import type { Metafile } from 'esbuild';

export const OUT_DIR: string;
/** Bundles widget/src into `outDir/widget.js` and copies the demo page beside it. */
export function buildWidget(opts?: {
  outDir?: string;
  minify?: boolean;
  metafile?: boolean;
  ifChanged?: boolean;
}): Promise<{ file: string; bytes: number; metafile?: Metafile; skipped?: boolean }>;
/**
 * One minified browser script from one entry (shared with the console's build); with `ifChanged`, skipped when
 * no source changed.
 */
export function bundle(opts: {
  entry: string;
  outfile: string;
  minify?: boolean;
  metafile?: boolean;
  ifChanged?: boolean;
  extra?: string[];
}): Promise<{ file: string; bytes: number; metafile?: Metafile; skipped?: boolean }>;
