/**
 * Verdicts an issue is still owed. When the AbuseIPDB quota ran out (or AbuseIPDB was down) while
 * an alert's issue was created, the issue says "pending" and an entry is kept here with the
 * alert's severity and the issue's enrichment as created; the project's drain (owed-drain.ts)
 * completes the issue once every owed address has an answer.
 *
 * Filling is one Jira call: the edit that sets the mapped Reported IPs field and, in the same
 * call, the `mcas.enrichment` property (Jira's edit issue takes `properties`). A comment is added
 * only when a verdict says something: an address with reports, a score or Tor.
 */
import { z } from 'zod';
import type { JiraClient } from '../clients/jira';
import type { IssueCreate } from '../clients/jira-types';
import { RequestRejectedError, describeError } from '../clients/errors';
import { adfDoc, paragraph, text } from '../core/adf';
import type { JiraTarget } from '../core/config';
import type { IpFinding, IpVerdict } from '../core/model';
import {
  ALERT_PROPERTY_KEY,
  AlertProperty,
  ENRICHMENT_PROPERTY_KEY,
  EnrichmentProperty,
  Severity,
} from '../core/model';
import { findingSentence } from '../core/reported-ips';
import { maxAbuseScore, reportedIpsFieldValue } from '../core/issue-payload';
import { jiraSafe } from '../core/jira-text';
import type { TenantRef } from '../core/storage-keys';
import { keys } from '../core/storage-keys';
import type { Logger, StoredEntry, Store, StoreWrite } from '../ports';

export const PendingVerdicts = z.object({
  issueKey: z.string(),
  alertId: z.string(),
  /** The public addresses still without a verdict. */
  ips: z.array(z.string()),
  /** The alert's severity: its addresses are asked first. Entries older than the field: medium. */
  severity: Severity.default('medium'),
  /**
   * The issue's `mcas.enrichment` as created, so that filling it needs no read of the issue.
   * Entries older than the field read it from Jira.
   */
  enrichment: EnrichmentProperty.optional(),
  /**
   * The issue's `mcas.alert` as created, so the indexed `mcasAbuseScore` (reports, filters) can
   * follow late verdicts in the same edit. Entries older than the field leave it as it was.
   */
  alert: AlertProperty.optional(),
  /** Passes that could not complete the issue; the entry is dropped at MAX_FILL_ATTEMPTS. */
  attempts: z.number().int().nonnegative().default(0),
});
export type PendingVerdicts = z.infer<typeof PendingVerdicts>;

/**
 * An issue that cannot be completed (deleted, or its property refused) is tried on this many
 * passes and then given up, so it cannot hold the head of the queue for ever.
 */
const MAX_FILL_ATTEMPTS = 3;

/** The record of verdicts an issue is still owed, as one entry of a batch write. */
export function pendingVerdictsEntry(
  tenant: TenantRef,
  entry: z.input<typeof PendingVerdicts>,
): StoreWrite {
  return {
    key: keys.pendingVerdicts(tenant, entry.alertId),
    value: PendingVerdicts.parse(entry),
  };
}

export async function rememberPending(
  store: Store,
  tenant: TenantRef,
  entry: z.input<typeof PendingVerdicts>,
): Promise<void> {
  const { key, value } = pendingVerdictsEntry(tenant, entry);
  await store.set(key, value);
}

/** The `mcas.enrichment` value a create call set, kept with an owed entry. */
export function createdEnrichment(issue: IssueCreate): EnrichmentProperty | undefined {
  const value = issue.properties?.find((p) => p.key === ENRICHMENT_PROPERTY_KEY)?.value;
  const parsed = EnrichmentProperty.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** The `mcas.alert` value a create call set, kept with an owed entry. */
export function createdAlertProperty(issue: IssueCreate): AlertProperty | undefined {
  const value = issue.properties?.find((p) => p.key === ALERT_PROPERTY_KEY)?.value;
  const parsed = AlertProperty.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

type Errors = Array<{ alertId?: string | undefined; message: string }>;

export interface FillDeps {
  store: Store;
  jira: JiraClient;
  target: JiraTarget;
  logger: Logger;
  errors: Errors;
}

/** What became of an owed issue: completed, dropped (gone or given up), or kept for a later pass. */
export type FillOutcome = 'filled' | 'dropped' | 'kept';

/**
 * Completes one issue with its verdicts (`fresh`: one finding per owed address). Its `pending:`
 * entry is deleted once Jira has the verdicts: that deletion is what marks the issue filled, so a
 * pass that dies before it fills the issue again with the same answers, never twice differently.
 */
export async function fillIssue(
  options: FillDeps,
  { key, value: entry }: StoredEntry<PendingVerdicts>,
  fresh: IpFinding[],
): Promise<FillOutcome> {
  const { store, jira, target, logger, errors } = options;
  try {
    await completeIssue(jira, target, entry, fresh, errors);
  } catch (error) {
    const gone = error instanceof RequestRejectedError && error.status === 404;
    const attempts = entry.attempts + 1;
    if (gone || attempts >= MAX_FILL_ATTEMPTS) await store.delete(key);
    else await store.set(key, PendingVerdicts.parse({ ...entry, attempts }));
    logger.warn('filling pending verdicts failed', {
      issueKey: entry.issueKey,
      error: describeError(error),
    });
    errors.push({
      alertId: entry.alertId,
      message: gone
        ? `${entry.issueKey} no longer exists; its pending verdicts were dropped.`
        : `Could not complete ${entry.issueKey} with its pending verdicts: ${describeError(error)}` +
          (attempts >= MAX_FILL_ATTEMPTS ? ' (gave up).' : ' (tried again next run).'),
    });
    return gone || attempts >= MAX_FILL_ATTEMPTS ? 'dropped' : 'kept';
  }
  // The entry goes before the comment: a failed delete must not make a second comment later.
  await store.delete(key);
  const verdicts = fresh.flatMap((finding) => (finding.verdict ? [finding.verdict] : []));
  if (verdicts.some(saysSomething)) {
    await jira.addComment(
      entry.issueKey,
      adfDoc([
        paragraph([text('AbuseIPDB verdicts that were pending when this issue was created:')]),
        ...fresh.map((finding) => paragraph([text(findingSentence(finding))])),
      ]),
    );
  }
  return 'filled';
}

/**
 * A verdict worth a comment (which notifies the issue's watchers): the address was reported, has
 * a score or is a Tor exit. A clean answer only updates the field and the issue panel.
 */
function saysSomething(verdict: IpVerdict): boolean {
  return verdict.totalReports > 0 || verdict.abuseConfidenceScore > 0 || verdict.isTor;
}

/**
 * Writes the verdicts into the issue in one edit: the mapped Reported IPs field and the
 * enrichment property. Should Jira refuse the field (it left the edit screen), the property is
 * set alone and the admin learns why the field stayed behind.
 */
async function completeIssue(
  jira: JiraClient,
  target: JiraTarget,
  entry: PendingVerdicts,
  fresh: IpFinding[],
  errors: Errors,
): Promise<void> {
  const current =
    entry.enrichment ??
    EnrichmentProperty.safeParse(
      await jira.getIssueProperty(entry.issueKey, ENRICHMENT_PROPERTY_KEY),
    ).data;
  const byIp = new Map(fresh.map((finding) => [finding.ip, finding]));
  const findings: IpFinding[] = current
    ? current.findings.map((finding) => byIp.get(finding.ip) ?? finding)
    : fresh;
  const enrichment: EnrichmentProperty = current
    ? { ...current, findings }
    : { users: [], findings };
  const properties: Array<{ key: string; value: unknown }> = [
    { key: ENRICHMENT_PROPERTY_KEY, value: jiraSafe(enrichment) },
  ];
  // The indexed maximum abuse score follows the late verdicts, in the same edit (no extra call).
  const score = maxAbuseScore(findings);
  if (entry.alert && score !== undefined && (entry.alert.maxAbuseScore ?? -1) < score) {
    properties.push({
      key: ALERT_PROPERTY_KEY,
      value: jiraSafe({ ...entry.alert, maxAbuseScore: score }),
    });
  }
  const reported = target.fields.reportedIps;
  if (!reported) {
    await jira.editIssue(entry.issueKey, {}, properties);
    return;
  }
  try {
    await jira.editIssue(
      entry.issueKey,
      { [reported.id]: reportedIpsFieldValue(findings, reported.kind) },
      properties,
    );
  } catch (error) {
    if (!(error instanceof RequestRejectedError) || error.status === 404) throw error;
    await jira.editIssue(entry.issueKey, {}, properties);
    errors.push({
      alertId: entry.alertId,
      message: `${entry.issueKey}: Jira refused the update of ${reported.name}: ${error.message}`,
    });
  }
}
