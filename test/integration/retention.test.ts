/**
 * Issue 13, finding 5: nothing personal is kept for ever. Claims (alert titles), the app's issue
 * records, recent alerts (titles, e-mails) and run summaries expire on the TTLs of
 * `core/retention.ts`; claims outlive the 90-day look-back.
 */
import { z } from 'zod';
import {
  CLAIM_TTL_SECONDS,
  RECENT_ALERTS_TTL_SECONDS,
  RUN_TTL_SECONDS,
} from '../../src/core/retention';
import { keys } from '../../src/core/storage-keys';
import type { Harness } from './harness';
import { startHarness } from './harness';
import { rawAlert, singleTenant } from './factories';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const DAY_MS = 86_400_000;

async function count(prefix: string): Promise<number> {
  if (!harness) return 0;
  return (await harness.store.query(prefix, z.unknown(), { limit: 100 })).entries.length;
}

it('expires recent alerts, runs and claims on their TTLs, claims after the look-back', async () => {
  harness = await startHarness({ scenario: singleTenant([rawAlert(), rawAlert()]) });
  await harness.sync();
  const project = harness.config.projectId;
  const contoso = { projectId: project, tenantId: 'contoso' };
  expect(await count(keys.alertPrefix(contoso))).toBe(2);
  expect(await count(keys.issueRecordPrefix(project))).toBe(2);
  expect(await count(keys.runPrefix(project))).toBe(1);
  expect(await harness.store.get(keys.recentAlerts(contoso), z.unknown())).toBeDefined();

  expect(CLAIM_TTL_SECONDS * 1000).toBeGreaterThan(90 * DAY_MS);
  harness.clock.advance(RECENT_ALERTS_TTL_SECONDS * 1000 + 1);
  expect(await harness.store.get(keys.recentAlerts(contoso), z.unknown())).toBeUndefined();
  harness.clock.advance(RUN_TTL_SECONDS * 1000);
  expect(await count(keys.runPrefix(project))).toBe(0);
  expect(await count(keys.alertPrefix(contoso))).toBe(2);
  harness.clock.advance(CLAIM_TTL_SECONDS * 1000);
  expect(await count(keys.alertPrefix(contoso))).toBe(0);
  expect(await count(keys.issueRecordPrefix(project))).toBe(0);
});
