import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the page's CSP does
 * not stop it) over `selector`, shadow roots included; returns the serious and critical
 * violations of WCAG 2.1 A and AA.
 */
export async function seriousViolations(page: Page, selector = 'body'): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async (include) => {
    const axe = (
      window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const r = await axe.run(include, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return r.violations as { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
  }, selector);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
}
