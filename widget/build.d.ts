import type { Metafile } from 'esbuild';

export const OUT_DIR: string;
/** Bundles widget/src into `outDir/widget.js` and copies the demo page beside it. */
export function buildWidget(opts?: { outDir?: string; minify?: boolean; metafile?: boolean }): Promise<{ file: string; bytes: number; metafile?: Metafile }>;
/** One minified browser script from one entry (shared with the console's build). */
export function bundle(opts: { entry: string; outfile: string; minify?: boolean; metafile?: boolean }): Promise<{ file: string; bytes: number; metafile?: Metafile }>;
