/**
 * The issue panel's AbuseIPDB actions. "Re-check" asks again for an app-created issue's addresses
 * (bypassing the cache), stores the new verdicts in the issue's `mcas.enrichment` property and the
 * cache, refreshes the mapped Reported IPs field and adds one comment saying what changed —
 * nothing changed, no comment. "Look up" does the same asking for an issue the app did not
 * create and writes nothing to it.
 *
 * Writes to the issue go through a Jira client acting as the user, so an analyst can only change
 * what they could change by hand.
 */
import type { ProjectId } from '../core/config';
import type { AbuseIpdbClient } from '../clients/abuseipdb';
import { CredentialError } from '../clients/errors';
import type { JiraClient } from '../clients/jira';
import { adfDoc, bulletList, paragraph, text } from '../core/adf';
import type { AbuseIpdbSettings, FieldKind } from '../core/config';
import { ValidationError } from '../core/errors';
import { reportedIpsFieldValue } from '../core/issue-payload';
import { jiraSafe } from '../core/jira-text';
import type { EnrichmentProperty, IpFinding } from '../core/model';
import { PANEL_LOOKUPS_PER_CALL } from '../core/lookup-limits';
import { ENRICHMENT_PROPERTY_KEY } from '../core/model';
import { describeVerdictChanges } from '../core/verdict-diff';
import type { Clock, Logger, Store } from '../ports';
import { loadQuotaMemory } from './abuseipdb-quota';
import { createIpEnricher } from './ip-enricher';

export interface LookupDeps {
  /** Whose AbuseIPDB quota this spends: a spent quota is remembered per project. */
  projectId: ProjectId;
  store: Store;
  clock: Clock;
  logger: Logger;
  abuseIpdb: AbuseIpdbClient;
  settings: AbuseIpdbSettings;
}

/**
 * Findings for `ips`, in order, through the same enricher as the sync (cache, quota, ranges).
 * When nothing could be answered, or the key itself was refused, the first AbuseIPDB error is
 * thrown so the panel can say why (quota spent and until when, AbuseIPDB down, key refused); once
 * some addresses have answers, a spent quota or an outage leaves the rest `pending`. While the
 * project's quota is known to be spent, nothing is sent: the error says when look-ups resume.
 */
export async function lookUpFindings(
  ips: string[],
  deps: LookupDeps,
  options: { bypassCache: boolean },
): Promise<IpFinding[]> {
  const enricher = createIpEnricher({
    store: deps.store,
    clock: deps.clock,
    logger: deps.logger,
    abuseIpdb: deps.abuseIpdb,
    maxAgeInDays: deps.settings.maxAgeInDays,
    cacheHours: deps.settings.cacheHours,
    bypassCache: options.bypassCache,
    quota: await loadQuotaMemory(deps),
  });
  const unique = [...new Set(ips)];
  await enricher.prefetch(unique);
  const findings = await enricher.enrich(unique);
  const failure = enricher.firstFailure();
  if (
    failure !== undefined &&
    (failure instanceof CredentialError || !findings.some((finding) => finding.verdict))
  ) {
    throw failure;
  }
  return findings;
}

export class NotAnIssueAddressError extends ValidationError {
  constructor(readonly ip: string) {
    super(`${ip} is not one of this issue's addresses.`, { ip: 'is not an address of this issue' });
    this.name = 'NotAnIssueAddressError';
  }
}

export interface RecheckDeps extends LookupDeps {
  /** Acts as the user: the writes are theirs. */
  userJira: JiraClient;
  /** The mapped Reported IPs field's kind, when the project maps one that fits. */
  reportedIpsField?: { id: string; kind: FieldKind };
}

export interface RecheckOutcome {
  findings: IpFinding[];
  changes: string[];
  commentAdded: boolean;
  fieldUpdated: boolean;
}

/**
 * Re-checks `recorded` — the addresses in the app's own record of the issue (`issue-record.ts`),
 * never the editable property's — or the one of them asked for, at most
 * `PANEL_LOOKUPS_PER_CALL` per call, bypassing the cache.
 */
export async function recheckIssue(
  issueKey: string,
  enrichment: EnrichmentProperty,
  recorded: readonly string[],
  ip: string | undefined,
  deps: RecheckDeps,
): Promise<RecheckOutcome> {
  if (ip !== undefined && !recorded.includes(ip)) throw new NotAnIssueAddressError(ip);
  const targets = ip !== undefined ? [ip] : recorded.slice(0, PANEL_LOOKUPS_PER_CALL);
  const fresh = new Map(
    (await lookUpFindings(targets, deps, { bypassCache: true })).map((f) => [f.ip, f]),
  );
  const listed = new Set(enrichment.findings.map((finding) => finding.ip));

  const changes: string[] = [];
  const findings = enrichment.findings.map((old) => {
    const now = fresh.get(old.ip);
    // A look-up that is still owed keeps the verdict the issue already had.
    if (!now?.verdict) return old;
    const change = describeVerdictChanges(old.verdict, now.verdict);
    if (change !== undefined) changes.push(change);
    return now;
  });
  // A recorded address the property no longer lists (it was edited) is listed again.
  for (const now of fresh.values()) if (!listed.has(now.ip) && now.verdict) findings.push(now);

  await deps.userJira.setIssueProperty(
    issueKey,
    ENRICHMENT_PROPERTY_KEY,
    jiraSafe({ ...enrichment, findings }),
  );
  let fieldUpdated = false;
  let commentAdded = false;
  if (changes.length > 0) {
    if (deps.reportedIpsField) {
      await deps.userJira.editIssue(issueKey, {
        [deps.reportedIpsField.id]: reportedIpsFieldValue(findings, deps.reportedIpsField.kind),
      });
      fieldUpdated = true;
    }
    await deps.userJira.addComment(
      issueKey,
      adfDoc([
        paragraph([text('AbuseIPDB re-check — what changed:')]),
        bulletList(changes.map((change) => [text(change)])),
      ]),
    );
    commentAdded = true;
  }
  return { findings, changes, commentAdded, fieldUpdated };
}
