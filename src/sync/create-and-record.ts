/**
 * The alerts waiting in the batch become issues: their public IPs are enriched, the triage rules
 * decide, the payloads are built and created in bulk (≤ 50 a call), and then everything decided
 * — created, suppressed, refused — is recorded in the claim ledger in batches, the verdicts still
 * owed first. Only once that is stored are the alerts settled for the checkpoint: a storage
 * failure here leaves them unsettled, so the next run meets their claims again (a created issue
 * is then found by the reconcile, a refused alert is retried) instead of the checkpoint passing
 * them (invariant 2).
 */
import { describeError } from '../clients/errors';
import type { IssueCreate } from '../clients/jira-types';
import { buildIssueCreate } from '../core/issue-payload';
import type { Alert, IpFinding } from '../core/model';
import { evaluateRules } from '../core/rules/engine';
import type { TriageOutcome } from '../core/rules/outcome';
import type { StoreWrite } from '../ports';
import type { ClaimChange } from './claim-ledger';
import { MAX_CREATE_ATTEMPTS, claimTransitions } from './claim-ledger';
import { JIRA_BULK_LIMIT, createIssues } from './issue-writer';
import { createdAlertProperty, createdEnrichment, pendingVerdictsEntry } from './pending-verdicts';
import { addressesToEnrich, enrichCapped } from './ip-lookup-cap';
import { issueRecordEntry } from './issue-record';
import { refusedFieldAdvice } from './refused-field-advice';
import { RECENT_ALERTS_LIMIT } from './recent-alerts';
import type { RunBatch } from './run-batch';
import type { Candidate, RunContext } from './run-context';

/** Creates what waits in the batch: only full bulk calls unless `everything`. */
export async function flushBatch(
  context: RunContext,
  batch: RunBatch,
  everything: boolean,
): Promise<void> {
  const count = everything
    ? batch.waiting.length
    : batch.waiting.length - (batch.waiting.length % JIRA_BULK_LIMIT);
  if (count === 0) return;
  await createAndRecord(context, batch.waiting.splice(0, count), batch);
}

/** What was decided for the alerts of one flush, written together, then reported. */
interface Outcomes {
  changes: ClaimChange[];
  pending: StoreWrite[];
  /** Counts, per-alert output and settling: run once the changes are stored. */
  afterRecord: Array<() => void>;
}

async function createAndRecord(
  context: RunContext,
  candidates: Candidate[],
  batch: RunBatch,
): Promise<void> {
  const { deps, tenant, target, jira, enricher, summary, project } = context;
  const outcomes: Outcomes = { changes: [], pending: [], afterRecord: [] };

  await enricher.prefetch(candidates.flatMap(({ alert }) => addressesToEnrich(alert.ips)));
  const prepared: Array<
    Candidate & { findings: IpFinding[]; triage: TriageOutcome; issue: IssueCreate }
  > = [];
  for (const candidate of candidates) {
    const findings = await enrichCapped(enricher, candidate.alert.ips);
    context.recent.push({ alert: candidate.alert, findings });
    // Only the newest alerts are kept for the rule preview: a backlog must not pile up in memory.
    if (context.recent.length > RECENT_ALERTS_LIMIT) context.recent.shift();
    let triage: TriageOutcome;
    let issue: IssueCreate;
    try {
      triage = evaluateRules({
        rules: project.rules,
        userLists: project.userLists,
        alert: candidate.alert,
        findings,
      });
      issue = buildIssueCreate({
        alert: candidate.alert,
        findings,
        target,
        triage,
        tenantName: tenant.name,
      });
    } catch (error) {
      // Odd data must cost only this alert its issue, never the page.
      refuse(
        context,
        outcomes,
        batch,
        candidate,
        findings,
        `Could not build the issue: ${describeError(error)}`,
      );
      continue;
    }
    const rule = triage.suppressedBy;
    if (rule !== undefined) {
      outcomes.changes.push({
        alertId: candidate.alert.id,
        listed: candidate.listed === true,
        claim: claimTransitions.suppressed(
          candidate.alert,
          rule,
          candidate.attempts,
          deps.clock.now(),
        ),
      });
      outcomes.afterRecord.push(() => {
        summary.waiting -= 1;
        summary.suppressed += 1;
        report(context, candidate.alert, findings, 'suppressed', {
          message: `suppressed by rule '${rule}'`,
        });
        batch.settle(candidate.alert, true);
      });
      continue;
    }
    prepared.push({ ...candidate, findings, triage, issue });
  }

  const { results, failure } = await createIssues(
    jira,
    prepared.map(({ issue }) => issue),
    // A retry without a refused field rebuilds the issue, so its description says what was not
    // applied instead of claiming the rule's action.
    (index, refusedFields) => {
      const item = prepared[index];
      if (item === undefined) throw new Error(`No prepared issue at ${index}`);
      return buildIssueCreate({ ...item, target, tenantName: tenant.name, refusedFields });
    },
  );
  // One line per refused field, not per issue: a mapping problem reads once, with its count.
  const refusedFields = new Map<string, { message: string; issues: string[] }>();
  for (const [index, item] of prepared.entries()) {
    const result = results[index];
    // Unknown outcome (the call failed or was never made): the claim stays `claimed` and a later
    // run reconciles it by search once it is stale, creating it only if it is missing.
    if (result === undefined) continue;
    if (!result.ok) {
      refuse(
        context,
        outcomes,
        batch,
        item,
        item.findings,
        `Jira refused the issue: ${result.rejection.message}`,
      );
      continue;
    }
    outcomes.changes.push({
      alertId: item.alert.id,
      listed: item.listed === true,
      claim: claimTransitions.created(item.alert, result.key, item.attempts, deps.clock.now()),
    });
    // The app's own record of the issue's addresses (what the panel's re-check trusts), written
    // in the same batch as the claims.
    outcomes.pending.push(
      issueRecordEntry(context.project.projectId, result.key, {
        tenantId: context.tenant.id,
        alertId: item.alert.id,
        ips: item.alert.ips,
      }),
    );
    const pendingIps = item.findings.filter((finding) => finding.pending).map(({ ip }) => ip);
    if (pendingIps.length > 0) {
      outcomes.pending.push(
        pendingVerdictsEntry(context.ref, {
          issueKey: result.key,
          alertId: item.alert.id,
          ips: pendingIps,
          severity: item.alert.severity,
          enrichment: createdEnrichment(item.issue),
          alert: createdAlertProperty(item.issue),
        }),
      );
    }
    for (const [field, message] of Object.entries(result.droppedFields)) {
      const entry = refusedFields.get(`${field}\u0000${message}`) ?? {
        message: `${field}: ${message}`,
        issues: [],
      };
      entry.issues.push(result.key);
      refusedFields.set(`${field}\u0000${message}`, entry);
    }
    outcomes.afterRecord.push(() => {
      summary.waiting -= 1;
      summary.created += 1;
      report(context, item.alert, item.findings, 'created', { issueKey: result.key });
      batch.settle(item.alert, true);
    });
  }

  await context.ledger.record(outcomes.changes, [
    ...context.cacheWrites.take(),
    ...outcomes.pending,
  ]);
  for (const done of outcomes.afterRecord) done();
  for (const { message, issues } of refusedFields.values()) {
    const listed = issues.slice(0, 5).join(', ') + (issues.length > 5 ? ', …' : '');
    summary.errors.push({
      message: `Jira refused field ${message} — ${issues.length} issue(s) were created without it (${listed}). ${refusedFieldAdvice(message)}`,
    });
  }
  if (failure !== undefined) throw failure;
}

/** A refused alert is retried on later runs, then parked as failed so the checkpoint can move. */
function refuse(
  context: RunContext,
  outcomes: Outcomes,
  batch: RunBatch,
  candidate: Candidate,
  findings: IpFinding[],
  message: string,
): void {
  const { alert } = candidate;
  const claim = claimTransitions.refused(
    alert,
    candidate.attempts,
    message,
    context.deps.clock.now(),
  );
  const parked = claim.state === 'failed';
  outcomes.changes.push({ alertId: alert.id, claim });
  outcomes.afterRecord.push(() => {
    context.summary.waiting -= 1;
    if (parked) context.summary.failed += 1;
    else context.summary.rejected += 1;
    context.summary.errors.push({
      alertId: alert.id,
      message: parked
        ? `${message} (gave up after ${claim.attempts} attempts; retry it from the settings page)`
        : `${message} (attempt ${claim.attempts} of ${MAX_CREATE_ATTEMPTS}; retried next run)`,
    });
    report(context, alert, findings, parked ? 'failed' : 'rejected', { message });
    batch.settle(alert, parked);
  });
}

function report(
  context: RunContext,
  alert: Alert,
  findings: IpFinding[],
  outcome: 'created' | 'suppressed' | 'rejected' | 'failed',
  extra: { issueKey?: string; message?: string },
): void {
  context.observer?.onAlert?.({
    tenantName: context.tenant.name,
    alert,
    findings,
    outcome,
    ...extra,
  });
}
