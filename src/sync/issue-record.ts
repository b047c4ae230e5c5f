/**
 * The app's own record of an issue it created: which alert it is and which addresses the sync
 * looked up for it. The `mcas.enrichment` issue property says the same, but anyone who can edit
 * the issue can rewrite a property; this record lives in the app's storage, where only the app
 * writes. The panel's "Re-check" asks AbuseIPDB about these addresses and no others.
 */
import { z } from 'zod';
import { isLookupable } from '../core/ip';
import { CLAIM_TTL_SECONDS } from '../core/retention';
import { keys } from '../core/storage-keys';
import type { Store } from '../ports';
import { LOOKUPS_PER_ALERT, addressesToEnrich } from './ip-lookup-cap';

export const IssueRecord = z.object({
  tenantId: z.string(),
  alertId: z.string(),
  /** The public addresses the sync looked up (at most `LOOKUPS_PER_ALERT`). */
  ips: z.array(z.string()).max(LOOKUPS_PER_ALERT),
});
export type IssueRecord = z.infer<typeof IssueRecord>;

/** Written once the issue exists; lives as long as the alert's claim. */
export async function recordIssue(
  store: Store,
  projectKey: string,
  issueKey: string,
  alert: { tenantId: string; alertId: string; ips: readonly string[] },
): Promise<void> {
  const record: IssueRecord = {
    tenantId: alert.tenantId,
    alertId: alert.alertId,
    ips: addressesToEnrich(alert.ips).filter(isLookupable),
  };
  await store.set(keys.issueRecord(projectKey, issueKey), IssueRecord.parse(record), {
    ttlSeconds: CLAIM_TTL_SECONDS,
  });
}

export const loadIssueRecord = (store: Store, projectKey: string, issueKey: string) =>
  store.get(keys.issueRecord(projectKey, issueKey), IssueRecord);
