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
import type { ProjectId } from '../core/config';
import type { Store, StoreWrite } from '../ports';
import { LOOKUPS_PER_ALERT, addressesToEnrich } from './ip-lookup-cap';

export const IssueRecord = z.object({
  tenantId: z.string(),
  alertId: z.string(),
  /** The public addresses the sync looked up (at most `LOOKUPS_PER_ALERT`). */
  ips: z.array(z.string()).max(LOOKUPS_PER_ALERT),
});
export type IssueRecord = z.infer<typeof IssueRecord>;

/**
 * The record of a created issue as one entry of the batch that records its claim (one batch
 * write, not one more write per issue); lives as long as the alert's claim.
 */
export function issueRecordEntry(
  projectId: ProjectId,
  issueKey: string,
  alert: { tenantId: string; alertId: string; ips: readonly string[] },
): StoreWrite {
  const record: IssueRecord = {
    tenantId: alert.tenantId,
    alertId: alert.alertId,
    ips: addressesToEnrich(alert.ips).filter(isLookupable),
  };
  return {
    key: keys.issueRecord(projectId, issueKey),
    value: IssueRecord.parse(record),
    ttlSeconds: CLAIM_TTL_SECONDS,
  };
}

/** Written once the issue exists (the sync batches `issueRecordEntry` instead). */
export async function recordIssue(
  store: Store,
  projectId: ProjectId,
  issueKey: string,
  alert: { tenantId: string; alertId: string; ips: readonly string[] },
): Promise<void> {
  const { key, value, ttlSeconds } = issueRecordEntry(projectId, issueKey, alert);
  await store.set(key, value, ttlSeconds === undefined ? {} : { ttlSeconds });
}

export const loadIssueRecord = (store: Store, projectId: ProjectId, issueKey: string) =>
  store.get(keys.issueRecord(projectId, issueKey), IssueRecord);
