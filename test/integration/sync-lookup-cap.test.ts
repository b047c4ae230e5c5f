/**
 * Issue 13, finding 1: one alert cannot spend a project's AbuseIPDB quota. The sync looks up at
 * most `LOOKUPS_PER_ALERT` public addresses of an alert; the rest are listed on the issue as not
 * checked, and the description says so.
 */
import { adfToText } from '../../src/core/adf';
import { LOOKUPS_PER_ALERT } from '../../src/core/lookup-limits';
import type { Harness } from './harness';
import { startHarness, total } from './harness';
import { rawAlert, singleTenant } from './factories';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

it('looks up only the first 20 public addresses of an alert and lists the rest as not checked', async () => {
  const ips = Array.from({ length: 45 }, (_, n) => `52.${n + 1}.9.7`);
  const alert = rawAlert({
    description: `Sign-ins from ${ips.join(', ')} and 10.0.0.1.`,
    entities: [],
  });
  harness = await startHarness({ scenario: singleTenant([alert]) });
  const runs = await harness.sync();
  expect(total(runs, (s) => s.created)).toBe(1);
  expect(harness.sandbox.stats().abuseipdb.calls).toBe(LOOKUPS_PER_ALERT);

  const [issue] = harness.sandbox.jira.issues();
  const description = adfToText(issue?.fields.description);
  expect(description).toContain(
    `Only the first ${LOOKUPS_PER_ALERT} public addresses of an alert are looked up in AbuseIPDB; 25 more are listed here but were not checked.`,
  );
  expect(description).toContain('The IP 52.45.9.7 was not looked up');
  const enrichment = issue?.properties['mcas.enrichment'] as {
    findings: Array<{ ip: string; unchecked?: boolean; verdict?: unknown }>;
  };
  expect(enrichment.findings.filter((f) => f.unchecked)).toHaveLength(25);
  expect(enrichment.findings.filter((f) => f.verdict)).toHaveLength(LOOKUPS_PER_ALERT);
});
