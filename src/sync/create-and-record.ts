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
import { JIRA_BULK_CREATE_LIMIT } from '../clients/jira';
import { createIssues } from './issue-writer';
import { createdAlertProperty, createdEnrichment, pendingVerdictsEntry } from './pending-verdicts';
import { owedIndexEntry } from './owed-index';
import { addressesToEnrich, enrichCapped } from './ip-lookup-cap';
import { issueRecordEntry } from './issue-record';
import { refusedFieldAdvice } from './refused-field-advice';
import { RECENT_ALERTS_LIMIT } from './recent-alerts';
import type { GroupOwnership, RepeatDecision } from './group-repeats';
import { decideRepeat, ownershipWrites } from './group-repeats';
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
    : batch.waiting.length - (batch.waiting.length % JIRA_BULK_CREATE_LIMIT);
  if (count === 0) return;
  await createAndRecord(context, batch.waiting.splice(0, count), batch);
}

/** What was decided for the alerts of one flush, written together, then reported. */
interface Outcomes {
  changes: ClaimChange[];
  /** Written before the claims: what an issue is still owed. */
  pending: StoreWrite[];
  /** Written in the claims' batches, with no order to keep: the app's issue records. */
  records: StoreWrite[];
  /** Counts, per-alert output and settling: run once the changes are stored. */
  afterRecord: Array<() => void>;
}

async function createAndRecord(
  context: RunContext,
  candidates: Candidate[],
  batch: RunBatch,
): Promise<void> {
  const { deps, tenant, target, jira, enricher, summary, project } = context;
  const outcomes: Outcomes = { changes: [], pending: [], records: [], afterRecord: [] };

  await enricher.prefetch(candidates.flatMap(({ alert }) => addressesToEnrich(alert.ips)));
  const prepared: Prepared[] = [];
  for (const candidate of candidates) {
    const findings = await enrichCapped(enricher, candidate.alert.ips);
    // A repeat deferred within its flush comes through here twice: the preview lists it once.
    if (!context.recent.some(({ alert }) => alert.id === candidate.alert.id))
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

  // "Group repeats": some alerts become comments on an open issue instead (group-repeats.ts).
  const { toCreate, deferred, groupFailure } = await groupRepeats(
    context,
    prepared,
    outcomes,
    batch,
  );
  prepared.splice(0, prepared.length, ...toCreate);

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
  const owed: Parameters<typeof owedIndexEntry>[1][number][] = [];
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
    // The group's index points at the new issue, in the batch with its claim: later repeats of
    // the group join it.
    if (item.owns !== undefined)
      outcomes.pending.push(...ownershipWrites(item.owns, result.key, deps.clock.now()));
    // The app's own record of the issue's addresses (what the panel's re-check trusts), in the
    // batch write that records the claims (no write of its own: claim-ledger.ts `record`).
    outcomes.records.push(
      issueRecordEntry(context.project.projectId, result.key, {
        tenantId: context.tenant.id,
        alertId: item.alert.id,
        ips: item.alert.ips,
      }),
    );
    const pendingIps = item.findings.filter((finding) => finding.pending).map(({ ip }) => ip);
    if (pendingIps.length > 0) {
      owed.push({ alertId: item.alert.id, severity: item.alert.severity, ips: pendingIps });
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

  // The project's drain finds these issues through one index entry for the batch (owed-index.ts).
  outcomes.pending.push(...owedIndexEntry(context.ref, owed, deps.clock));
  await context.ledger.record(outcomes.changes, outcomes.pending, [
    ...outcomes.records,
    ...context.cacheWrites.take(),
  ]);
  for (const done of outcomes.afterRecord) done();
  for (const { message, issues } of refusedFields.values()) {
    const listed = issues.slice(0, 5).join(', ') + (issues.length > 5 ? ', …' : '');
    summary.errors.push({
      message: `Jira refused field ${message} — ${issues.length} issue(s) were created without it (${listed}). ${refusedFieldAdvice(message)}`,
    });
  }
  if (failure !== undefined) throw failure;
  if (groupFailure !== undefined) throw groupFailure;
  // Repeats of a group whose issue this flush has just created now join it.
  if (deferred.length > 0) await createAndRecord(context, deferred, batch);
}

type Prepared = Candidate & {
  findings: IpFinding[];
  triage: TriageOutcome;
  issue: IssueCreate;
  owns?: GroupOwnership;
};

/**
 * Decides each alert whose triage groups repeats: joins an open issue (claim `grouped`), creates
 * one (owning the group's next issue), waits for an alert of this flush, or leaves its claim for a
 * later run. A failure (Jira down, a rate limit) stops the grouping: the alerts not decided stay
 * `claimed` and unsettled, the rest of the flush is still created and recorded, then it is thrown.
 */
async function groupRepeats(
  context: RunContext,
  prepared: Prepared[],
  outcomes: Outcomes,
  batch: RunBatch,
): Promise<{ toCreate: Prepared[]; deferred: Candidate[]; groupFailure?: Error }> {
  const toCreate: Prepared[] = [];
  const deferred: Candidate[] = [];
  const locks = new Set<string>();
  let groupFailure: Error | undefined;
  for (const item of prepared) {
    if (item.triage.group === undefined) {
      toCreate.push(item);
      continue;
    }
    if (groupFailure !== undefined) continue;
    let decision: RepeatDecision;
    try {
      decision = await decideRepeat(context, item, locks);
    } catch (error) {
      groupFailure = error instanceof Error ? error : new Error(String(error));
      continue;
    }
    switch (decision.kind) {
      case 'create':
        toCreate.push(decision.owns ? { ...item, owns: decision.owns } : item);
        break;
      case 'deferred':
        deferred.push({
          alert: item.alert,
          attempts: item.attempts,
          ...(item.recovering === true && { recovering: true }),
        });
        break;
      case 'in-progress':
        report(context, item.alert, item.findings, 'in-progress', {
          message: 'another run is creating the issue of its group',
        });
        break;
      case 'refused':
        refuse(context, outcomes, batch, item, item.findings, decision.message);
        break;
      case 'grouped': {
        const { issueKey, rule } = decision;
        outcomes.changes.push({
          alertId: item.alert.id,
          claim: claimTransitions.grouped(
            item.alert,
            issueKey,
            rule,
            item.attempts,
            context.deps.clock.now(),
          ),
        });
        outcomes.afterRecord.push(() => {
          context.summary.waiting -= 1;
          context.summary.grouped += 1;
          report(context, item.alert, item.findings, 'grouped', {
            issueKey,
            message: `a repeat, commented on ${issueKey} (rule '${rule}')`,
          });
          batch.settle(item.alert, true);
        });
        break;
      }
    }
  }
  return groupFailure === undefined ? { toCreate, deferred } : { toCreate, deferred, groupFailure };
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
  outcome: 'created' | 'grouped' | 'suppressed' | 'rejected' | 'failed' | 'in-progress',
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
