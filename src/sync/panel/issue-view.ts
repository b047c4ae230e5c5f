/**
 * What the panel shows for an issue: the alert the app created it from, with the addresses and
 * verdicts recorded then, or, for an issue the app did not create, the addresses in its text.
 */
import type { AlertProperty, IpFinding } from '../../core/model';
import { getAbuseIpdbKey, loadProject } from '../repository';
import type { ResolverDeps } from '../resolver-deps';
import type { FoundAddress, PanelIssue } from './panel-issue';
import { alertOf, enrichmentOf, foundAddresses } from './panel-issue';

export type PanelIssueView =
  | { kind: 'other'; issueKey: string; ips: FoundAddress[]; keyConfigured: boolean }
  | {
      kind: 'alert';
      issueKey: string;
      alert: AlertProperty;
      tenantName?: string;
      /** As the property says: any host. The api offers only Defender's own as a link. */
      alertUrl?: string;
      users: string[];
      findings: IpFinding[];
      keyConfigured: boolean;
      reportedIpsMapped: boolean;
    };

export async function readIssueView(
  deps: Pick<ResolverDeps, 'store'>,
  issue: PanelIssue,
): Promise<PanelIssueView> {
  const [config, apiKey] = await Promise.all([
    loadProject(deps.store, issue.projectId),
    getAbuseIpdbKey(deps.store, issue.projectId),
  ]);
  const alert = alertOf(issue);
  if (!alert) {
    return {
      kind: 'other',
      issueKey: issue.issueKey,
      ips: foundAddresses(issue),
      keyConfigured: apiKey !== undefined,
    };
  }
  const enrichment = enrichmentOf(issue);
  return {
    kind: 'alert',
    issueKey: issue.issueKey,
    alert,
    ...(enrichment?.tenantName !== undefined ? { tenantName: enrichment.tenantName } : {}),
    ...(enrichment?.alertUrl !== undefined ? { alertUrl: enrichment.alertUrl } : {}),
    users: enrichment?.users ?? [],
    findings: enrichment?.findings ?? [],
    keyConfigured: apiKey !== undefined,
    reportedIpsMapped: config?.fields.reportedIps !== undefined,
  };
}
