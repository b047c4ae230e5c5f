/**
 * The `mcas.enrichment` issue property the issue panel reads. Jira caps an issue property at
 * 32 KB of JSON (docs/reference/external-apis.md §4), and an alert can name hundreds of addresses, so the value
 * is kept within a budget: verbose verdict text goes first, then trailing findings.
 */
import { jiraSafe } from './jira-text';
import type { Alert, EnrichmentProperty, IpFinding } from './model';
import { truncate } from './text-limits';

export const ENRICHMENT_MAX_BYTES = 24 * 1024;
const MAX_USERS = 50;
const SLIM_TEXT_MAX = 80;

function byteSize(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value)).length;
}

function slim(finding: IpFinding): IpFinding {
  if (!finding.verdict) return finding;
  const { countryName: _countryName, ...verdict } = finding.verdict;
  const short = (value: string | null): string | null =>
    value === null ? null : truncate(value, SLIM_TEXT_MAX);
  return {
    ...finding,
    verdict: {
      ...verdict,
      usageType: short(verdict.usageType),
      isp: short(verdict.isp),
      domain: short(verdict.domain),
    },
  };
}

export function buildEnrichmentProperty(
  alert: Alert,
  findings: IpFinding[],
  tenantName: string,
): EnrichmentProperty {
  const property: EnrichmentProperty = {
    tenantName,
    ...(alert.url !== undefined && { alertUrl: alert.url }),
    users: alert.users.slice(0, MAX_USERS),
    findings,
  };
  if (byteSize(property) <= ENRICHMENT_MAX_BYTES) return jiraSafe(property);
  // Each finding costs its own JSON plus a comma: keep those that fit after the fixed part.
  let budget = ENRICHMENT_MAX_BYTES - byteSize({ ...property, findings: [] });
  const kept: IpFinding[] = [];
  for (const finding of findings.map(slim)) {
    budget -= byteSize(finding) + 1;
    if (budget < 0) break;
    kept.push(finding);
  }
  return jiraSafe({ ...property, findings: kept });
}
