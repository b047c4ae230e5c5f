/**
 * Claims whose create may have reached Jira (a run died between create and record): an issue
 * carrying the alert id in its indexed `mcas.alert` property settles them; the others are created.
 * Search is eventually consistent, which is why it runs only for claims older than
 * STALE_CLAIM_MS and is never the dedup guard itself.
 */
import { ALERT_PROPERTY_KEY, AlertProperty } from '../core/model';
import type { ClaimChange } from './claim-ledger';
import { claimTransitions } from './claim-ledger';
import { JIRA_BULK_CREATE_LIMIT } from '../clients/jira';
import type { Settle } from './run-batch';
import type { Candidate, RunContext } from './run-context';

export async function reconcileClaims(
  context: RunContext,
  stale: Candidate[],
  settle: Settle,
): Promise<Candidate[]> {
  const { deps, tenant, jira, summary, project, ledger } = context;
  const remaining: Candidate[] = [];
  for (let start = 0; start < stale.length; start += JIRA_BULK_CREATE_LIMIT) {
    const batch = stale.slice(start, start + JIRA_BULK_CREATE_LIMIT);
    const ids = batch.map(({ alert }) => JSON.stringify(alert.id)).join(', ');
    const found = await jira.searchJql(
      `project = ${JSON.stringify(project.projectKey)} AND mcasTenant = ${JSON.stringify(tenant.id)} AND mcasAlertId in (${ids})`,
      { fields: ['summary'], properties: [ALERT_PROPERTY_KEY], maxResults: 100 },
    );
    const issueByAlert = new Map<string, string>();
    for (const issue of found) {
      const property = AlertProperty.safeParse(issue.properties?.[ALERT_PROPERTY_KEY]);
      if (property.success) issueByAlert.set(property.data.alertId, issue.key);
    }
    const reconciled: ClaimChange[] = [];
    for (const candidate of batch) {
      const issueKey = issueByAlert.get(candidate.alert.id);
      if (issueKey === undefined) remaining.push(candidate);
      else
        reconciled.push({
          alertId: candidate.alert.id,
          listed: candidate.listed === true,
          claim: claimTransitions.reconciled(
            candidate.alert,
            issueKey,
            candidate.attempts,
            deps.clock.now(),
          ),
        });
    }
    await ledger.record(reconciled);
    for (const { alertId } of reconciled) {
      const candidate = batch.find(({ alert }) => alert.id === alertId);
      if (!candidate) continue;
      summary.waiting -= 1;
      summary.duplicates += 1;
      settle(candidate.alert, true);
    }
  }
  return remaining;
}
