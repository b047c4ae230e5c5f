/**
 * Verdicts an issue is still owed. When the AbuseIPDB quota ran out (or AbuseIPDB was down) while
 * an alert's issue was created, the issue says "pending" and an entry is kept here; a later run
 * with quota left looks the addresses up and completes the issue: the enrichment property, the
 * mapped Reported IPs field and one comment with the verdicts.
 */
import { z } from 'zod';
import type { JiraClient } from '../clients/jira';
import { RequestRejectedError, describeError } from '../clients/errors';
import { adfDoc, paragraph, text } from '../core/adf';
import type { JiraTarget } from '../core/config';
import type { IpFinding } from '../core/model';
import {
  ALERT_PROPERTY_KEY,
  AlertProperty,
  ENRICHMENT_PROPERTY_KEY,
  EnrichmentProperty,
} from '../core/model';
import { findingSentence } from '../core/reported-ips';
import { maxAbuseScore, reportedIpsFieldValue } from '../core/issue-payload';
import { keys } from '../core/storage-keys';
import type { Logger, Store } from '../ports';
import type { IpEnricher } from './ip-enricher';

export const PendingVerdicts = z.object({
  issueKey: z.string(),
  alertId: z.string(),
  ips: z.array(z.string()),
  /** Runs that could not complete the issue; the entry is dropped at MAX_FILL_ATTEMPTS. */
  attempts: z.number().int().nonnegative().default(0),
});
export type PendingVerdicts = z.infer<typeof PendingVerdicts>;

/** Issues completed per run at most: each costs a few Jira calls. */
const MAX_FILLED_PER_RUN = 50;
/**
 * An issue that cannot be completed (deleted, or its property refused) is tried on this many runs
 * and then given up, so it cannot hold the head of the queue for ever.
 */
const MAX_FILL_ATTEMPTS = 3;

export async function rememberPending(
  store: Store,
  tenantId: string,
  entry: z.input<typeof PendingVerdicts>,
): Promise<void> {
  await store.set(keys.pendingVerdicts(tenantId, entry.alertId), PendingVerdicts.parse(entry));
}

/** Fills in what earlier runs could not look up. Returns how many issues were completed. */
export async function fillPendingVerdicts(options: {
  store: Store;
  tenantId: string;
  jira: JiraClient;
  target: JiraTarget;
  enricher: IpEnricher;
  logger: Logger;
  errors: Array<{ alertId?: string; message: string }>;
}): Promise<number> {
  const { store, tenantId, jira, target, enricher, logger, errors } = options;
  if (!enricher.canLookUp()) return 0;
  const page = await store.query(keys.pendingPrefix(tenantId), PendingVerdicts, {
    limit: MAX_FILLED_PER_RUN,
  });
  let filled = 0;
  for (const { key, value: entry } of page.entries) {
    if (!enricher.canLookUp()) break;
    await enricher.prefetch(entry.ips);
    const fresh = await enricher.enrich(entry.ips);
    if (fresh.some((finding) => finding.pending)) continue;
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
      continue;
    }
    // The entry goes before the comment: a failed delete must not make a second comment later.
    await store.delete(key);
    await jira.addComment(
      entry.issueKey,
      adfDoc([
        paragraph([text('AbuseIPDB verdicts that were pending when this issue was created:')]),
        ...fresh.map((finding) => paragraph([text(findingSentence(finding))])),
      ]),
    );
    filled += 1;
  }
  return filled;
}

/**
 * Keeps the indexed `mcasAbuseScore` (reports, filters) in step with verdicts that arrived after
 * the issue was created. Written only when the score goes up, so a settled issue costs one read.
 */
async function raiseMaxAbuseScore(
  jira: JiraClient,
  issueKey: string,
  findings: IpFinding[],
): Promise<void> {
  const score = maxAbuseScore(findings);
  if (score === undefined) return;
  const current = AlertProperty.safeParse(
    await jira.getIssueProperty(issueKey, ALERT_PROPERTY_KEY),
  );
  if (!current.success || (current.data.maxAbuseScore ?? -1) >= score) return;
  await jira.setIssueProperty(issueKey, ALERT_PROPERTY_KEY, {
    ...current.data,
    maxAbuseScore: score,
  });
}

/** Writes the verdicts into the issue: the enrichment property, then the mapped field if any. */
async function completeIssue(
  jira: JiraClient,
  target: JiraTarget,
  entry: PendingVerdicts,
  fresh: IpFinding[],
  errors: Array<{ alertId?: string; message: string }>,
): Promise<void> {
  const current = EnrichmentProperty.safeParse(
    await jira.getIssueProperty(entry.issueKey, ENRICHMENT_PROPERTY_KEY),
  );
  const byIp = new Map(fresh.map((finding) => [finding.ip, finding]));
  const findings: IpFinding[] = current.success
    ? current.data.findings.map((finding) => byIp.get(finding.ip) ?? finding)
    : fresh;
  const enrichment: EnrichmentProperty = current.success
    ? { ...current.data, findings }
    : { users: [], findings };
  await jira.setIssueProperty(entry.issueKey, ENRICHMENT_PROPERTY_KEY, enrichment);
  await raiseMaxAbuseScore(jira, entry.issueKey, findings);
  const reported = target.fields.reportedIps;
  if (!reported) return;
  try {
    await jira.editIssue(entry.issueKey, {
      [reported.id]: reportedIpsFieldValue(findings, reported.kind),
    });
  } catch (error) {
    // The field may have left the edit screen: the verdicts still reach the issue (property and
    // comment), and the admin learns why the field stayed behind.
    if (!(error instanceof RequestRejectedError)) throw error;
    errors.push({
      alertId: entry.alertId,
      message: `${entry.issueKey}: Jira refused the update of ${reported.name}: ${error.message}`,
    });
  }
}
