/**
 * Verdicts an issue is still owed. When the AbuseIPDB quota ran out (or AbuseIPDB was down) while
 * an alert's issue was created, the issue says "pending" and an entry is kept here with the
 * alert's severity and the issue's enrichment as created; a later run with quota left completes
 * the issue.
 *
 * The drain works by distinct address, not by issue: it reads the tenant's owed entries, asks for
 * each address once (the most severe alerts' addresses first, `core/pending-order.ts`), then fills
 * every issue whose addresses are all answered. Filling is one Jira call: the edit that sets the
 * mapped Reported IPs field and, in the same call, the `mcas.enrichment` property (Jira's edit
 * issue takes `properties`). A comment is added only when a verdict says something: an address
 * with reports, a score or Tor.
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
  SEVERITY_RANK,
  Severity,
} from '../core/model';
import { addressesToAsk } from '../core/pending-order';
import { findingSentence } from '../core/reported-ips';
import { maxAbuseScore, reportedIpsFieldValue } from '../core/issue-payload';
import { jiraSafe } from '../core/jira-text';
import type { TenantRef } from '../core/storage-keys';
import { keys } from '../core/storage-keys';
import type { Clock, Logger, StoredEntry, Store, StoreWrite } from '../ports';
import type { IpEnricher } from './ip-enricher';

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
  /** Runs that could not complete the issue; the entry is dropped at MAX_FILL_ATTEMPTS. */
  attempts: z.number().int().nonnegative().default(0),
});
export type PendingVerdicts = z.infer<typeof PendingVerdicts>;

/**
 * Owed entries read per run (ten query pages): enough to order a tenant's backlog by severity,
 * a bounded number of KVS reads (Forge KVS: 4,000 reads a minute per installation,
 * https://developer.atlassian.com/platform/forge/platform-quotas-and-limits/).
 */
const MAX_OWED_READ = 1_000;
const QUERY_PAGE = 100;
/** AbuseIPDB checks per run for owed addresses (answers from the cache are not counted). */
const MAX_LOOKUPS_PER_RUN = 100;
/** Addresses handed to the enricher at once: it asks five at a time within what the quota has left. */
const LOOKUP_CHUNK = 10;
/**
 * Issues completed per run at most. Each costs one Jira call and one KVS delete: 50 tenants at
 * this bound stay near 1,000 deletes a minute, far under the 4,000 writes a minute of Forge KVS.
 */
const MAX_FILLED_PER_RUN = 100;
/**
 * An issue that cannot be completed (deleted, or its property refused) is tried on this many runs
 * and then given up, so it cannot hold the head of the queue for ever.
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

/** Fills in what earlier runs could not look up. Returns how many issues were completed. */
export async function fillPendingVerdicts(options: {
  store: Store;
  tenant: TenantRef;
  jira: JiraClient;
  target: JiraTarget;
  enricher: IpEnricher;
  clock: Clock;
  logger: Logger;
  errors: Errors;
  /** Absolute ms: no issue is filled after it. */
  deadline?: number | undefined;
  /** The owed entries when the caller has read them already (`readOwed`). */
  preread?: Promise<StoredEntry<PendingVerdicts>[] | undefined>;
}): Promise<number> {
  const { store, tenant, enricher, clock, deadline } = options;
  // A spent quota (remembered until its reset) costs no read at all.
  if (!enricher.canLookUp()) return 0;
  const owed = (await options.preread) ?? (await readOwed(store, tenant));
  if (owed.length === 0) return 0;

  // Ask by address, most severe first, until the run's bound or the quota stops it.
  const answered = new Set<string>();
  const order = addressesToAsk(owed.map(({ value }) => value));
  const lookupsBefore = enricher.counters.ipLookups;
  let next = 0;
  while (next < order.length && enricher.canLookUp()) {
    const allowance = MAX_LOOKUPS_PER_RUN - (enricher.counters.ipLookups - lookupsBefore);
    if (allowance <= 0 || (deadline !== undefined && clock.now() >= deadline)) break;
    // Cached answers cost no check, so a chunk may take more addresses than checks are left.
    const chunk = order.slice(next, next + Math.min(LOOKUP_CHUNK, allowance));
    next += chunk.length;
    await enricher.prefetch(chunk);
    for (const ip of chunk) answered.add(ip);
  }

  // Every issue whose addresses were all asked, most severe first; from the run's memory, so
  // enrich() sends nothing more.
  const ready = owed
    .filter(({ value }) => value.ips.every((ip) => answered.has(ip)))
    .sort((a, b) => severityOrder(b.value) - severityOrder(a.value));
  let filled = 0;
  for (const entry of ready) {
    if (filled >= MAX_FILLED_PER_RUN) break;
    if (deadline !== undefined && clock.now() >= deadline) break;
    const fresh = await enricher.enrich(entry.value.ips);
    if (fresh.some((finding) => finding.pending)) continue;
    if (await fillOne(options, entry, fresh)) filled += 1;
  }
  return filled;
}

type OwedPage = { entries: StoredEntry<PendingVerdicts>[]; cursor?: string | undefined };

/**
 * The first few owed entries, read before the run knows whether look-ups are possible (beside
 * its other start-up reads): small, so a spent quota wastes little; when nothing is owed, this
 * one read is all there is.
 */
export const readOwedStart = (store: Store, tenant: TenantRef): Promise<OwedPage> =>
  store.query(keys.pendingPrefix(tenant), PendingVerdicts, { limit: 10 });

export async function readOwed(
  store: Store,
  tenant: TenantRef,
  start?: Promise<OwedPage>,
): Promise<StoredEntry<PendingVerdicts>[]> {
  const owed: StoredEntry<PendingVerdicts>[] = [];
  let cursor: string | undefined;
  if (start) {
    const first = await start;
    owed.push(...first.entries);
    cursor = first.cursor;
    if (!cursor) return owed;
  }
  do {
    const page = await store.query(keys.pendingPrefix(tenant), PendingVerdicts, {
      limit: QUERY_PAGE,
      cursor,
    });
    owed.push(...page.entries);
    cursor = page.cursor;
  } while (cursor && owed.length < MAX_OWED_READ);
  return owed;
}

const severityOrder = (entry: PendingVerdicts) => SEVERITY_RANK[entry.severity];

/** Completes one issue; false (and the error noted) when Jira would not take it. */
async function fillOne(
  options: Parameters<typeof fillPendingVerdicts>[0],
  { key, value: entry }: StoredEntry<PendingVerdicts>,
  fresh: IpFinding[],
): Promise<boolean> {
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
    return false;
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
  return true;
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
