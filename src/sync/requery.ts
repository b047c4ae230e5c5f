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
import type { AbuseIpdbClient } from '../clients/abuseipdb';
import { CredentialError, RateLimitError } from '../clients/errors';
import type { JiraClient } from '../clients/jira';
import { adfDoc, bulletList, paragraph, text } from '../core/adf';
import type { AbuseIpdbSettings, FieldKind } from '../core/config';
import { classifyIp } from '../core/ip';
import { reportedIpsFieldValue } from '../core/issue-payload';
import type { EnrichmentProperty, IpFinding } from '../core/model';
import { ENRICHMENT_PROPERTY_KEY, IpVerdict } from '../core/model';
import { keys } from '../core/storage-keys';
import { describeVerdictChanges } from '../core/verdict-diff';
import type { Clock, Logger, Store } from '../ports';

export interface LookupDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  abuseIpdb: AbuseIpdbClient;
  settings: AbuseIpdbSettings;
}

/**
 * Findings for `ips`, in order. The first failure that leaves nothing answered is thrown (quota
 * spent, AbuseIPDB down, key refused) so the panel can say so; once some addresses have answers,
 * a quota or outage marks the rest `pending` instead.
 */
export async function lookUpFindings(
  ips: string[],
  deps: LookupDeps,
  options: { bypassCache: boolean },
): Promise<IpFinding[]> {
  const { store, clock, abuseIpdb, settings } = deps;
  const { cacheHours, maxAgeInDays } = settings;
  const findings: IpFinding[] = [];
  let answered = 0;
  let stopped = false;
  for (const ip of [...new Set(ips)]) {
    const range = classifyIp(ip);
    if (range !== 'public') {
      findings.push({ ip, range });
      continue;
    }
    if (!options.bypassCache && cacheHours > 0) {
      const cached = await store.get(keys.ipVerdict(ip), IpVerdict).catch(() => undefined);
      if (
        cached &&
        cached.maxAgeInDays === maxAgeInDays &&
        clock.now() - cached.fetchedAt <= cacheHours * 3_600_000
      ) {
        findings.push({ ip, range, verdict: cached });
        answered += 1;
        continue;
      }
    }
    if (stopped) {
      findings.push({ ip, range, pending: true });
      continue;
    }
    try {
      const verdict = await abuseIpdb.check(ip);
      if (cacheHours > 0) {
        await store.set(keys.ipVerdict(ip), verdict, { ttlSeconds: cacheHours * 3600 });
      }
      findings.push({ ip, range, verdict });
      answered += 1;
    } catch (error) {
      if (error instanceof CredentialError || answered === 0) throw error;
      if (!(error instanceof RateLimitError)) {
        deps.logger.warn('abuseipdb lookup failed during a re-check', { ip });
      }
      stopped = true;
      findings.push({ ip, range, pending: true });
    }
  }
  return findings;
}

export class NotAnIssueAddressError extends Error {
  constructor(readonly ip: string) {
    super(`${ip} is not one of this issue's addresses.`);
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

export async function recheckIssue(
  issueKey: string,
  enrichment: EnrichmentProperty,
  ip: string | undefined,
  deps: RecheckDeps,
): Promise<RecheckOutcome> {
  const before = new Map(enrichment.findings.map((finding) => [finding.ip, finding]));
  if (ip !== undefined && !before.has(ip)) throw new NotAnIssueAddressError(ip);
  const targets =
    ip !== undefined
      ? [ip]
      : enrichment.findings.filter((finding) => finding.range === 'public').map((f) => f.ip);
  const fresh = new Map(
    (await lookUpFindings(targets, deps, { bypassCache: true })).map((f) => [f.ip, f]),
  );

  const changes: string[] = [];
  const findings = enrichment.findings.map((old) => {
    const now = fresh.get(old.ip);
    // A look-up that is still owed keeps the verdict the issue already had.
    if (!now?.verdict) return old;
    const change = describeVerdictChanges(old.verdict, now.verdict);
    if (change !== undefined) changes.push(change);
    return now;
  });

  await deps.userJira.setIssueProperty(issueKey, ENRICHMENT_PROPERTY_KEY, {
    ...enrichment,
    findings,
  });
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
