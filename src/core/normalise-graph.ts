/**
 * One raw Microsoft Graph security alert (`alerts_v2`, docs/reference/external-apis.md §2) → the same `Alert` an
 * MCAS alert becomes, so everything after fetching is one code path.
 *
 * The id is Graph's `providerAlertId` — "the ID of the alert as it appears in the security
 * provider product", i.e. the MCAS alert id — so an alert read through Graph is the same alert
 * (same claim, same `mcas.alert` property) as through the MCAS API, and a tenant can switch source
 * without importing anything twice. Graph's own `id` serves only when the provider id is missing.
 * As with MCAS, only the id and the creation time are required; the rest is parsed tolerantly.
 */
import { z } from 'zod';
import { tidyText } from './html-text';
import { keepParsable } from './tolerant-list';
import { canonicalIp, extractIps } from './ip';
import type { Alert, Severity } from './model';
import type { NormaliseResult } from './normalise-mcas';
import { AlertId } from './alert-id';
import { httpsUrl, unique } from './normalise-mcas';
import { extractEmails, usableUserValue } from './users';

/** A string Graph may also send as null; empty and "null" count as absent too. */
const Text = z
  .string()
  .nullish()
  .transform((value) => {
    const trimmed = value?.trim();
    return trimmed === undefined || trimmed === '' || trimmed.toLowerCase() === 'null'
      ? undefined
      : trimmed;
  })
  .optional()
  .catch(undefined);

const Evidence = z.looseObject({
  '@odata.type': z.string(),
  ipAddress: Text,
  primaryAddress: Text,
  userAccount: z
    .looseObject({ userPrincipalName: Text, accountName: Text, domainName: Text })
    .nullish()
    .catch(undefined),
});
type Evidence = z.infer<typeof Evidence>;

// zod 4 treats a key whose schema is `z.unknown()` as required; these are checked below.
const RawGraphAlert = z.looseObject({
  id: z.unknown().optional(),
  providerAlertId: z.unknown().optional(),
  createdDateTime: z.unknown().optional(),
  title: Text,
  description: Text,
  alertWebUrl: Text,
  severity: Text,
  status: Text,
  classification: Text,
  detectorId: Text,
  incidentId: Text,
  evidence: z.array(z.unknown()).nullish().catch(undefined),
});

const UNTITLED = 'Untitled Defender for Cloud Apps alert';

const SEVERITY_BY_GRAPH: Record<string, Severity> = {
  informational: 'informational',
  low: 'low',
  medium: 'medium',
  high: 'high',
};

/**
 * Graph's status and classification on the MCAS resolution scale the project filters use:
 * open (0) until resolved, then closed false positive (3), benign (4), true positive (5), or
 * plain resolved (2) when nobody classified it.
 */
function resolutionStatusOf(status?: string, classification?: string): number | undefined {
  if (status === 'new' || status === 'inProgress') return 0;
  if (status !== 'resolved') return undefined;
  if (classification === 'falsePositive') return 3;
  if (classification === 'informationalExpectedActivity') return 4;
  if (classification === 'truePositive') return 5;
  return 2;
}

/** Graph's `createdDateTime` has up to 7 fractional digits; the app works in whole ms. */
function timestampOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms >= 0 ? Math.floor(ms) : undefined;
}

function isType(item: Evidence, type: string): boolean {
  return item['@odata.type'] === `#microsoft.graph.security.${type}`;
}

/** Normalises one raw Graph alert for a tenant; `ok: false` says why it cannot be used. */
export function normaliseGraphAlert(raw: unknown, tenantId: string): NormaliseResult {
  const parsed = RawGraphAlert.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'alert is not an object' };
  const source = parsed.data;

  const providerId = AlertId.safeParse(source.providerAlertId);
  const graphId = AlertId.safeParse(source.id);
  const id = providerId.success ? providerId : graphId;
  if (!id.success) return { ok: false, reason: 'alert has no usable id' };
  const alertId = id.data;
  const timestamp = timestampOf(source.createdDateTime);
  if (timestamp === undefined) {
    return { ok: false, alertId, reason: `alert ${alertId} has no createdDateTime` };
  }

  const warnings: string[] = [];
  let severity = SEVERITY_BY_GRAPH[source.severity ?? ''];
  if (severity === undefined) {
    warnings.push(
      `alert ${alertId} has no known severity (${JSON.stringify(source.severity ?? null)}); using medium`,
    );
    severity = 'medium';
  }
  const url = httpsUrl(source.alertWebUrl);
  if (source.alertWebUrl !== undefined && url === undefined) {
    warnings.push(`alert ${alertId} has an alert URL that is not https; it was dropped`);
  }

  const { items: evidence, skipped } = keepParsable(Evidence, source.evidence ?? undefined);
  if (skipped > 0) warnings.push(`alert ${alertId}: skipped ${skipped} malformed evidence items`);

  const title = tidyText(source.title ?? '') || UNTITLED;
  const description = tidyText(source.description ?? '');
  const evidenceIps = evidence
    .filter((item) => isType(item, 'ipEvidence'))
    .map((item) => {
      const ip = canonicalIp(item.ipAddress ?? '');
      if (ip === undefined) {
        warnings.push(
          `alert ${alertId}: ip evidence ${JSON.stringify(item.ipAddress ?? null)} is not an IP address`,
        );
      }
      return ip;
    });
  const evidenceUsers = evidence.flatMap((item) => {
    if (isType(item, 'userEvidence')) return [item.userAccount?.userPrincipalName];
    if (isType(item, 'mailboxEvidence')) return [item.primaryAddress];
    return [];
  });
  const resolutionStatus = resolutionStatusOf(source.status, source.classification);

  const alert: Alert = {
    id: alertId,
    tenantId,
    timestamp,
    title,
    description,
    ...(url !== undefined && { url }),
    severity,
    ...(resolutionStatus !== undefined && { resolutionStatus }),
    ...(source.detectorId !== undefined && {
      policy: { id: source.detectorId, label: title },
    }),
    // The Defender incident Microsoft correlated the alert into: what "group by incident" uses.
    ...(source.incidentId !== undefined &&
      source.incidentId.trim() !== '' && { incidentId: source.incidentId.trim() }),
    users: unique([
      ...evidenceUsers.map(usableUserValue),
      ...[title, description].flatMap((text) => extractEmails(text)),
    ]),
    // Graph carries no MCAS user-group tags; rules can use the project's user lists instead.
    groupTags: [],
    ips: unique([...evidenceIps, ...extractIps(title), ...extractIps(description)]),
  };
  return { ok: true, alert, warnings };
}
