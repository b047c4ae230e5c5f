/**
 * What every page of the app must pass in the browser tests: no content security policy violation
 * (the host serves Jira's Custom UI policy as a real header) and no axe finding of moderate impact
 * or above.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

declare global {
  interface Window {
    __CSP_VIOLATIONS__?: string[];
  }
}

/**
 * Records every `securitypolicyviolation` event and every console message about the policy on
 * this page from now on; the reader returns what the current document saw (and the console
 * messages since the last read). The listener is added by the browser itself (an init script is not a page
 * script, so the policy does not apply to it) before any of the page's own scripts run.
 */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const console: string[] = [];
  page.on('console', (message) => {
    if (/content security policy/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    window.__CSP_VIOLATIONS__ = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__CSP_VIOLATIONS__?.push(
        `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
      );
    });
  });
  return async () => [...(await page.evaluate(() => window.__CSP_VIOLATIONS__ ?? [])), ...console];
}

const SERIOUS = new Set(['moderate', 'serious', 'critical']);

/**
 * Runs axe on the page as it is now and returns its findings of moderate impact or above as
 * "rule: target" lines (empty when there are none). axe is evaluated through the DevTools
 * protocol, which the page's policy does not govern, so auditing adds no violation of its own.
 */
export async function axeFindings(page: Page): Promise<string[]> {
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'minor',
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
  return violations
    .filter((violation) => SERIOUS.has(violation.impact))
    .flatMap((violation) =>
      violation.targets.map((target) => `${violation.id} (${violation.impact}): ${target}`),
    );
}
