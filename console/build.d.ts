export const OUT_DIR: string;
/** Bundles console/src into `outDir/console.js` and copies its page and stylesheet beside it. */
export function buildConsole(opts?: {
  outDir?: string;
  minify?: boolean;
  ifChanged?: boolean;
}): Promise<{ file: string; bytes: number }>;
