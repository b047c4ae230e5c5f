/**
 * Claims whose create may have reached Jira (a run died between create and record): an issue
 * carrying the alert id in its indexed `mcas.alert` property settles them; the others are created.
 * Search is eventually consistent, which is why it runs only for claims older than
 * STALE_CLAIM_MS and is never the dedup guard itself.
 *
 * The lost record may also have held what the issue is still owed (its `pending:` entry and the
 * owed index item, create-and-record.ts). The same search returns the issue's `mcas.enrichment`:
 * while it still says addresses are pending, both are written again, before the claim, in the
 * reconcile's batch, so the project's drain completes the issue. An issue the drain has filled
 * since says nothing is pending and gets nothing; an index item written twice (the lost batch
 * stored it and lost only the claims) is one item to the drain (owed-drain.ts).
 */
import type { StoreWrite } from '../ports';
import {
  ALERT_PROPERTY_KEY,
  AlertProperty,
  ENRICHMENT_PROPERTY_KEY,
  EnrichmentProperty,
} from '../core/model';
import type { FoundIssue } from '../clients/jira-types';
import type { ClaimChange } from './claim-ledger';
import { claimTransitions } from './claim-ledger';
import { JIRA_BULK_CREATE_LIMIT } from '../clients/jira';
import { pendingVerdictsEntry } from './pending-verdicts';
import { owedIndexEntry } from './owed-index';
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
      {
        fields: ['summary'],
        properties: [ALERT_PROPERTY_KEY, ENRICHMENT_PROPERTY_KEY],
        maxResults: 100,
      },
    );
    const issueByAlert = new Map<string, { issue: FoundIssue; property: AlertProperty }>();
    for (const issue of found) {
      const property = AlertProperty.safeParse(issue.properties?.[ALERT_PROPERTY_KEY]);
      if (property.success)
        issueByAlert.set(property.data.alertId, { issue, property: property.data });
    }
    const reconciled: ClaimChange[] = [];
    const pending: StoreWrite[] = [];
    const owed: OwedItemInput[] = [];
    for (const candidate of batch) {
      const match = issueByAlert.get(candidate.alert.id);
      if (match === undefined) {
        remaining.push(candidate);
        continue;
      }
      const issueKey = match.issue.key;
      const owes = stillOwed(context, candidate, match);
      if (owes !== undefined) {
        owed.push(owes.item);
        pending.push(owes.entry);
      }
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
    pending.push(...owedIndexEntry(context.ref, owed, deps.clock));
    await ledger.record(reconciled, pending);
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

type OwedItemInput = Parameters<typeof owedIndexEntry>[1][number];

/**
 * What a found issue is still owed, as the lost record batch would have stored it: its `pending:`
 * entry and its index item, when its `mcas.enrichment` still has pending addresses.
 */
function stillOwed(
  context: RunContext,
  candidate: Candidate,
  match: { issue: FoundIssue; property: AlertProperty },
): { entry: StoreWrite; item: OwedItemInput } | undefined {
  const enrichment = EnrichmentProperty.safeParse(
    match.issue.properties?.[ENRICHMENT_PROPERTY_KEY],
  );
  if (!enrichment.success) return undefined;
  const ips = enrichment.data.findings.filter((finding) => finding.pending).map(({ ip }) => ip);
  if (ips.length === 0) return undefined;
  const { id: alertId, severity } = candidate.alert;
  return {
    item: { alertId, severity, ips },
    entry: pendingVerdictsEntry(context.ref, {
      issueKey: match.issue.key,
      alertId,
      ips,
      severity,
      enrichment: enrichment.data,
      alert: match.property,
    }),
  };
}
