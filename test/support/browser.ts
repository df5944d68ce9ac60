import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling Google's hosts, which this
// sandbox refuses; playwright adds --headless and a fresh temporary --user-data-dir itself.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Why browser tests cannot run here, or undefined when they can. Under CI=true a missing
 * browser is an error, not a skip: .ci/run installs Debian's chromium.
 */
export function browserSkipReason(): string | undefined {
  if (fs.existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${reason}; CI must run them`);
  // eslint-disable-next-line no-console
  console.warn(reason);
  return reason;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}

/** `describe` that runs only where Chromium is installed, and says so when it is skipped. */
export function describeBrowser(name: string, fn: () => void): void {
  const reason = browserSkipReason();
  if (reason) describe.skip(`${name} (${reason})`, fn);
  else describe(name, fn);
}
