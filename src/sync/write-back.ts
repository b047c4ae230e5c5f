/**
 * Jira → Defender (issue 16): an app issue resolved in Jira closes its alert, a reopened one
 * reopens it where the API can. Two ways in, one code path (`applyWriteBack`): Jira's
 * issue-updated event (./issue-events.ts) and a sweep in every scheduled run
 * (`sweepWriteBack`), because product events are not guaranteed.
 *
 * Exactly once: the closure is recorded in the issue's `mcas.alert` property (`writeBack`) as
 * `sending` before the call and `closed` after it. A run that dies in between, or a call whose
 * answer is lost, leaves `sending`, and the next attempt resends the closure it recorded, not one
 * worked out again: MCAS closes an id idempotently and Graph's PATCH sets the same values, so the
 * alert ends closed once, with one outcome. A failure is recorded (`failed`, attempts, last
 * error), commented on the issue once, reported in the run, and retried by the sweep with
 * backoff until it lands.
 */
import { RateLimitError, describeError } from '../clients/errors';
import type { JiraClient } from '../clients/jira';
import { adfDoc, paragraph, text } from '../core/adf';
import type { ProjectConfig, Tenant } from '../core/config';
import type { AlertProperty } from '../core/model';
import { ALERT_PROPERTY_KEY, AlertProperty as AlertPropertySchema } from '../core/model';
import { truncate } from '../core/text-limits';
import type { WriteBackRecord } from '../core/write-back';
import {
  CLOSURE_WORDS,
  closureComment,
  decideWriteBack,
  issueStatus,
  retryDue,
  sendingRecord,
} from '../core/write-back';
import { keys } from '../core/storage-keys';
import type { Clock, Logger, Store } from '../ports';
import type { AlertWriter, GroupedRef } from './alert-writer';
import { createClaimLedger } from './claim-ledger';
import { IssueRecord } from './issue-record';

/** Issues a sweep handles per search; the rest are next run's (every search is one Jira call). */
export const SWEEP_LIMIT = 100;
/** Resolved issues without a write-back record are looked for this far back. */
export const SWEEP_WINDOW_MS = 7 * 86_400_000;
const MAX_ERROR_CHARS = 300;

export interface WriteBackScope {
  store: Store;
  jira: JiraClient;
  clock: Clock;
  logger: Logger;
  project: ProjectConfig;
  tenant: Tenant;
  /** Signs in to Defender on first use: an issue that needs nothing costs no token. */
  writer: () => Promise<AlertWriter>;
}

export interface WriteBackIssue {
  key: string;
  done: boolean;
  resolution: string | undefined;
  /** The issue's status id, when the search asked for `status`. */
  statusId: string | undefined;
  property: AlertProperty;
  /**
   * The property as Jira holds it: what the app writes back, with only `writeBack` replaced, so
   * values this code version does not know (a newer version's, another feature's) survive.
   */
  stored: Record<string, unknown>;
}

export type WriteBackOutcome =
  | { kind: 'closed' | 'reopened' | 'unmapped' | 'none' | 'noted' }
  | { kind: 'failed'; message: string };

/** What a sweep did, for the run summary. */
export interface SweepCounts {
  closed: number;
  reopened: number;
  failed: number;
  errors: string[];
}

/** The issue's `mcas.alert` with a new write-back record; the rest of the property is kept. */
async function record(
  scope: WriteBackScope,
  issue: WriteBackIssue,
  writeBack: WriteBackRecord,
): Promise<void> {
  issue.property = { ...issue.property, writeBack };
  issue.stored = { ...issue.stored, writeBack };
  await scope.jira.setIssueProperty(issue.key, ALERT_PROPERTY_KEY, issue.stored);
}

async function comment(scope: WriteBackScope, issueKey: string, words: string): Promise<void> {
  await scope.jira.addComment(issueKey, adfDoc([paragraph([text(words)])]));
}

export async function applyWriteBack(
  scope: WriteBackScope,
  issue: WriteBackIssue,
  resolvedBy?: string,
): Promise<WriteBackOutcome> {
  const previous = issue.property.writeBack;
  const action = decideWriteBack(issue, previous, scope.project.writeBack);
  const now = scope.clock.now();
  const alert = { alertId: issue.property.alertId, timestamp: issue.property.timestamp };

  if (action.kind === 'none') return { kind: 'none' };

  if (action.kind === 'unmapped') {
    await comment(
      scope,
      issue.key,
      `The resolution "${action.resolution}" maps to no closure, so alert ${alert.alertId} stays ` +
        'open in Defender. A project admin can map it in the app settings (Write-back).',
    );
    await record(scope, issue, {
      state: 'unmapped',
      resolution: action.resolution,
      attempts: 0,
      at: now,
    });
    return { kind: 'unmapped' };
  }

  if (action.kind === 'reopen') {
    try {
      const writer = await scope.writer();
      const done = await writer.reopen(alert, `Reopened from Jira: ${issue.key} was reopened.`);
      if (done === 'unsupported' && previous?.reopenNoted !== true) {
        await comment(
          scope,
          issue.key,
          `${issue.key} was reopened, but the ${writer.name} API cannot reopen alert ` +
            `${alert.alertId}: it stays closed in Defender. Reopen it in the Defender portal if needed.`,
        );
      }
      await record(scope, issue, {
        state: 'reopened',
        attempts: 0,
        at: now,
        ...(done === 'unsupported' && { reopenNoted: true }),
      });
      return { kind: 'reopened' };
    } catch (error) {
      const message = truncate(describeError(error), MAX_ERROR_CHARS);
      scope.logger.warn('reopening an alert failed', { issueKey: issue.key, error: message });
      return {
        kind: 'failed',
        message: `${issue.key}: reopening alert ${alert.alertId}: ${message}`,
      };
    }
  }

  // Recorded before the call: a lost answer or a crash leaves `sending`, and the next attempt
  // resends this very closure.
  const sending = sendingRecord(action.plan, action.attempts, previous, now);
  await record(scope, issue, sending);
  const groupedClosed = [...(sending.groupedClosed ?? [])];
  const withGrouped = (next: WriteBackRecord): WriteBackRecord =>
    groupedClosed.length > 0 ? { ...next, groupedClosed } : next;
  try {
    const writer = await scope.writer();
    const done = new Set(groupedClosed);
    const grouped = (await groupedInto(scope, issue)).filter(({ alertId }) => !done.has(alertId));
    await writer.close(
      grouped.length > 0 ? { ...alert, grouped } : alert,
      action.plan,
      closureComment({ issueKey: issue.key, resolution: action.plan.resolution, resolvedBy }),
      (alertId) => groupedClosed.push(alertId),
    );
  } catch (error) {
    // A rate limit (MCAS allows 30 calls a minute per tenant) is no failure to tell anyone
    // about: the record stays `sending`, and the next sweep sends this closure.
    if (error instanceof RateLimitError) {
      // Graph closes repeats one by one: what landed before the pause is not sent again.
      if (groupedClosed.length > (sending.groupedClosed ?? []).length)
        await record(scope, issue, withGrouped(sending));
      throw error;
    }
    const message = truncate(describeError(error), MAX_ERROR_CHARS);
    scope.logger.warn('closing an alert failed', { issueKey: issue.key, error: message });
    const failed: WriteBackRecord = withGrouped({
      ...sending,
      state: 'failed',
      lastError: message,
      at: scope.clock.now(),
    });
    // Said once on the issue, not on every retry; the settings page lists each run's failures.
    if (previous?.failureNoted !== true) {
      await comment(
        scope,
        issue.key,
        `Closing alert ${alert.alertId} in Defender as ${CLOSURE_WORDS[action.plan.closure]} ` +
          `failed: ${message} The app retries until it lands.`,
      );
      failed.failureNoted = true;
    }
    await record(scope, issue, failed);
    return { kind: 'failed', message: `${issue.key}: ${message}` };
  }
  const { failureNoted: _noted, lastError: _error, ...landed } = sending;
  await record(scope, issue, withGrouped({ ...landed, state: 'closed', at: scope.clock.now() }));
  return { kind: 'closed' };
}

/** The issue as a search or a read returned it, if it is one of the app's. */
export function writeBackIssue(found: {
  key: string;
  fields: Record<string, unknown>;
  properties?: Record<string, unknown>;
}): WriteBackIssue | undefined {
  const stored = found.properties?.[ALERT_PROPERTY_KEY];
  const property = AlertPropertySchema.safeParse(stored);
  if (!property.success) return undefined;
  return {
    key: found.key,
    ...issueStatus(found.fields),
    property: property.data,
    stored: { ...(stored as Record<string, unknown>) },
  };
}

/**
 * The issues whose `mcas.alert` matches the app's own record of the issue it created
 * (`issue:<projectId>:<issueKey>`, one batch read per 20). Anyone who can edit an issue can
 * rewrite its properties; without this check, editing `alertId` and resolving the issue would
 * close some other alert in Defender.
 */
export async function trustedIssues(
  scope: Pick<WriteBackScope, 'store' | 'project'>,
  issues: WriteBackIssue[],
): Promise<WriteBackIssue[]> {
  if (issues.length === 0) return [];
  const keyOf = (issue: WriteBackIssue) => keys.issueRecord(scope.project.projectId, issue.key);
  const records = await scope.store.getMany(issues.map(keyOf), IssueRecord);
  return issues.filter((issue) => {
    const record = records.get(keyOf(issue));
    return (
      record !== undefined &&
      record.alertId === issue.property.alertId &&
      record.tenantId === issue.property.tenantId
    );
  });
}

/** JQL date literal (UTC, minutes): Jira's `resolved >= "2026-11-23 08:00"`. */
function jqlDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The sweep: issues Jira's event may not have reported. Three searches on the indexed
 * `mcas.alert` property (`mcasWriteBack` is its `writeBack.state`), each at most one call of
 * SWEEP_LIMIT issues: resolved in the last week with no record yet; resolved with a closure still
 * owed (`sending`, `failed`, `reopened`); reopened after a closure. Jira's `!=` and `in` skip
 * issues without the value, hence the `is EMPTY` search of its own.
 */
export async function sweepWriteBack(scope: WriteBackScope): Promise<SweepCounts> {
  const counts: SweepCounts = { closed: 0, reopened: 0, failed: 0, errors: [] };
  const base = `project = ${JSON.stringify(scope.project.projectKey)} AND mcasTenant = ${JSON.stringify(scope.tenant.id)}`;
  const since = jqlDate(scope.clock.now() - SWEEP_WINDOW_MS);
  const searches = [
    `${base} AND statusCategory = Done AND mcasWriteBack is EMPTY AND resolved >= "${since}"`,
    `${base} AND statusCategory = Done AND mcasWriteBack in ("sending", "failed", "reopened")`,
    `${base} AND statusCategory != Done AND mcasWriteBack = "closed"`,
  ];
  const seen = new Set<string>();
  for (const jql of searches) {
    const found = await scope.jira.searchJql(`${jql} ORDER BY created ASC`, {
      fields: ['status', 'resolution'],
      properties: [ALERT_PROPERTY_KEY],
      maxResults: SWEEP_LIMIT,
    });
    const candidates = found
      .filter((hit) => !seen.has(hit.key))
      .map(writeBackIssue)
      // Search is eventually consistent: the property read with the issue decides, not the JQL.
      .filter(
        (issue): issue is WriteBackIssue =>
          issue !== undefined && issue.property.tenantId === scope.tenant.id,
      );
    for (const issue of await trustedIssues(scope, candidates)) {
      seen.add(issue.key);
      if (!retryDue(issue.property.writeBack, scope.clock.now())) continue;
      let outcome: WriteBackOutcome;
      try {
        outcome = await applyWriteBack(scope, issue);
      } catch (error) {
        if (error instanceof RateLimitError) {
          counts.errors.push(`Write-back: ${error.message} The rest follows in the next run.`);
          return counts;
        }
        // Jira refused a record or a comment: this issue waits for the next run, the rest go on.
        outcome = { kind: 'failed', message: `${issue.key}: ${describeError(error)}` };
      }
      if (outcome.kind === 'closed') counts.closed += 1;
      else if (outcome.kind === 'reopened') counts.reopened += 1;
      else if (outcome.kind === 'failed') {
        counts.failed += 1;
        counts.errors.push(`Write-back: ${outcome.message}`);
      }
    }
  }
  return counts;
}

/**
 * The repeats grouped into this issue ("group repeats") that close with it. The property lists
 * them, but anyone who can edit the issue can edit the property: only ids whose own claim says
 * `grouped` into this very issue are taken (one batch read), so a forged list closes nothing.
 */
async function groupedInto(scope: WriteBackScope, issue: WriteBackIssue): Promise<GroupedRef[]> {
  const listed = issue.property.groupedAlertIds ?? [];
  if (listed.length === 0) return [];
  const ledger = createClaimLedger(scope.store, {
    projectId: scope.project.projectId,
    tenantId: scope.tenant.id,
  });
  const claims = await ledger.read([...new Set(listed)]);
  return [...claims]
    .filter(([, claim]) => claim.state === 'grouped' && claim.issueKey === issue.key)
    .map(([alertId, claim]) => ({ alertId, timestamp: claim.timestamp }));
}
