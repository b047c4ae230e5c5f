/**
 * The panel's two AbuseIPDB actions, once the api has checked the caller may edit the issue:
 * "Re-check" asks again about the addresses the app recorded when it created the issue (never
 * what the editable issue property says) and writes the new verdicts back as the caller;
 * "Look up" asks about addresses in the issue's text and writes nothing. Both take a cooldown slot
 * only after every refusal that costs nothing, and both spend at most PANEL_LOOKUPS_PER_CALL.
 */
import type { AbuseIpdbClient } from '../../clients/abuseipdb';
import type { AbuseIpdbSettings } from '../../core/config';
import { canonicalIp, isLookupable } from '../../core/ip';
import { NotFoundError, ValidationError } from '../../core/errors';
import { PANEL_LOOKUPS_PER_CALL } from '../../core/lookup-limits';
import type { IpFinding } from '../../core/model';
import { loadIssueRecord } from '../issue-record';
import { getJiraTarget } from '../jira-target';
import { lookUpFindings, recheckIssue } from '../requery';
import type { LookupDeps, RecheckOutcome } from '../requery';
import type { ResolverDeps } from '../resolver-deps';
import { appJira, userJira } from '../resolver-deps';
import { quotaView } from '../test-connection';
import type { QuotaState } from '../test-connection';
import { coolDown, inAnalystWords, projectAbuseIpdb } from './panel-abuseipdb';
import type { PanelIssue } from './panel-issue';
import { enrichmentOf, foundAddresses } from './panel-issue';

/** Re-checks one recorded address (`ip`) or all of them. */
export async function recheckAddresses(
  deps: ResolverDeps,
  issue: PanelIssue,
  ip: string | undefined,
): Promise<RecheckOutcome & { quota: QuotaState }> {
  const canonical = ip === undefined ? undefined : canonicalIp(ip);
  if (ip !== undefined && canonical === undefined) {
    throw new ValidationError('That is not an IP address.', {
      ip: 'is not an IPv4 or IPv6 address',
    });
  }
  const record = await loadIssueRecord(deps.store, issue.projectId, issue.issueKey);
  if (!record) {
    throw new NotFoundError(
      'Cloud App Alerts has no record of this issue’s addresses (it was not created by the ' +
        'app, was created before re-checks were recorded, or its record has expired), so it ' +
        'cannot re-check them.',
    );
  }
  const enrichment = enrichmentOf(issue) ?? { users: [], findings: [] };
  const { config, settings, client } = await projectAbuseIpdb(deps, issue);
  await coolDown(deps, issue);
  const reportedIps = config?.fields.reportedIps
    ? (await getJiraTarget(deps.store, appJira(deps), config)).target.fields.reportedIps
    : undefined;
  const outcome = await inAnalystWords(deps.clock, issue.projectKey, () =>
    recheckIssue(issue.issueKey, enrichment, record.ips, canonical, {
      ...lookupDeps(deps, issue, client, settings),
      userJira: userJira(deps),
      ...(reportedIps ? { reportedIpsField: reportedIps } : {}),
    }),
  );
  return { ...outcome, quota: quotaView(client) };
}

/** Looks up `ips` (default: every address in the issue's text); only the issue's own. */
export async function lookUpAddresses(
  deps: ResolverDeps,
  issue: PanelIssue,
  ips: string[] | undefined,
): Promise<{ findings: IpFinding[]; quota: QuotaState }> {
  const found = foundAddresses(issue).map((entry) => entry.ip);
  const requested = ips?.map((ip) => canonicalIp(ip) ?? ip) ?? found;
  const strangers = requested.filter((ip) => !found.includes(ip));
  if (strangers.length > 0) {
    // The panel looks up what the issue says, not arbitrary addresses with the project's key.
    throw new ValidationError(`${strangers.join(', ')} is not in this issue.`, {
      ips: 'only addresses found in this issue can be looked up',
    });
  }
  // An issue's text can name hundreds of addresses: one call asks about a bounded number.
  const capped = capPublic(requested, PANEL_LOOKUPS_PER_CALL);
  const { settings, client } = await projectAbuseIpdb(deps, issue);
  await coolDown(deps, issue);
  const findings = await inAnalystWords(deps.clock, issue.projectKey, () =>
    lookUpFindings(capped, lookupDeps(deps, issue, client, settings), { bypassCache: false }),
  );
  return { findings, quota: quotaView(client) };
}

/** The enricher's deps: this project's quota memory, cache and AbuseIPDB client. */
function lookupDeps(
  deps: ResolverDeps,
  issue: PanelIssue,
  abuseIpdb: AbuseIpdbClient,
  settings: AbuseIpdbSettings,
): LookupDeps {
  const { store, clock, logger } = deps;
  return { projectId: issue.projectId, store, clock, logger, abuseIpdb, settings };
}

/** Every special-purpose address (never sent anyway) and the first `max` public ones. */
function capPublic(ips: string[], max: number): string[] {
  let publicSeen = 0;
  return ips.filter((ip) => !isLookupable(ip) || ++publicSeen <= max);
}
