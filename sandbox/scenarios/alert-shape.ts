/**
 * Raw MCAS alerts in the shape the API returns them (modelled on
 * test/fixtures/payloads/mcas-alerts-list.response.json and mcas-alert-file-policy.json):
 * 24-hex `_id` that starts with the creation time like a Mongo ObjectId, portal `URL`, entities
 * of type account/user/ip/policyRule/service/groupTag/country, and the real data's quirks such as
 * the string "null". The same alert seen through Graph's security alerts_v2 (modelled on
 * payloads/graph-alerts-v2.response.json) comes from `graphAlert`.
 */
import { createHash } from 'node:crypto';
import type { RawGraphAlert, RawMcasAlert } from '../sim';

export interface AlertUser {
  name: string;
  email: string;
}

export interface AlertSpec {
  tenantId: string;
  timestamp: number;
  title: string;
  /** HTML, as MCAS writes it. */
  description?: string;
  /** 0 Low, 1 Medium, 2 High. */
  severity: number;
  users?: AlertUser[];
  /** Addresses carried as `ip` entities (description text may name others). */
  ips?: string[];
  policyType?: string;
  service?: { id: number; label: string };
  groupTags?: string[];
  countries?: { code: string; name: string }[];
  /** Leave out URL, threatScore and the account's e-mail: real data has such alerts. */
  sparse?: boolean;
  salt?: string;
}

export const OFFICE_365 = { id: 11161, label: 'Microsoft Office 365' };
export const AZURE = { id: 12260, label: 'Microsoft Azure' };
export const ONEDRIVE = { id: 15600, label: 'Microsoft OneDrive for Business' };
export const EXCHANGE = { id: 20893, label: 'Microsoft Exchange Online' };

function hex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** A Mongo-style ObjectId: 8 hex digits of creation seconds, then 16 of anything. */
export function objectId(timestamp: number, salt: string): string {
  const seconds = Math.floor(timestamp / 1000)
    .toString(16)
    .padStart(8, '0');
  return `${seconds}${hex(salt, 16)}`;
}

function uuid(salt: string): string {
  const h = hex(salt, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function portalUrl(tenantId: string, alertId: string): string {
  return `https://${tenantId}.portal.cloudappsecurity.com/#/alerts/${alertId}`;
}

function saltOf(spec: AlertSpec): string {
  return spec.salt ?? `${spec.tenantId}:${spec.title}:${spec.timestamp}`;
}

function policyId(spec: AlertSpec): string {
  return hex(`policy:${spec.title}`, 24);
}

function accountId(user: AlertUser): string {
  return uuid(`account:${user.email}`);
}

export function mcasAlert(spec: AlertSpec): RawMcasAlert {
  const salt = saltOf(spec);
  const id = objectId(spec.timestamp, salt);
  const policy = {
    id: policyId(spec),
    label: spec.title,
    policyType: spec.policyType ?? 'ANOMALY_DETECTION',
    type: 'policyRule',
  };
  const service = spec.service ?? OFFICE_365;
  const entities: Record<string, unknown>[] = [];
  for (const user of spec.users ?? []) {
    entities.push({
      entityRole: 'Source',
      entityType: 2,
      id: accountId(user),
      inst: 0,
      label: user.name,
      pa: user.email,
      ...(spec.sparse ? {} : { em: user.email }),
      saas: service.id,
      type: 'account',
    });
    entities.push({ id: user.email, label: user.email, type: 'user' });
  }
  for (const ip of spec.ips ?? []) entities.push({ id: ip, label: ip, type: 'ip' });
  entities.push({ id: service.id, label: service.label, type: 'service' });
  entities.push(policy);
  for (const country of spec.countries ?? [])
    entities.push({ id: country.code, label: country.name, type: 'country' });
  for (const tag of spec.groupTags ?? [])
    entities.push({ type: 'groupTag', id: hex(`group:${tag}`, 24), label: tag });

  const alert: RawMcasAlert = {
    _id: id,
    contextId: uuid(`context:${spec.tenantId}`),
    timestamp: spec.timestamp,
    title: spec.title,
    entities,
    stories: [0],
    policy,
    idValue: parseInt(hex(salt, 6), 16),
    isSystemAlert: spec.policyType === undefined,
    isMarkdown: false,
    statusValue: 0,
    severityValue: spec.severity,
    resolutionStatusValue: 0,
    handledByUser: 'null',
    comment: 'null',
    resolveTime: 'null',
  };
  if (spec.description !== undefined) alert.description = spec.description;
  if (!spec.sparse) {
    alert.threatScore = parseInt(hex(`score:${salt}`, 2), 16) % 100;
    alert.URL = portalUrl(spec.tenantId, id);
  }
  return alert;
}

const GRAPH_SEVERITY: Record<number, string> = {
  0: 'low',
  1: 'medium',
  2: 'high',
  3: 'informational',
};

/** Graph's description is plain text where MCAS's is HTML: paragraphs and breaks become lines. */
function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>|<\/(?:p|div|li)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/\n{2,}/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * The alert `mcasAlert(spec)` builds, as Graph's alerts_v2 lists it in the directory
 * `directoryId`. `providerAlertId` is the MCAS `_id`: Microsoft documents it as "the ID of the
 * alert as it appears in the security provider product".
 */
export function graphAlert(spec: AlertSpec, directoryId: string): RawGraphAlert {
  const salt = saltOf(spec);
  const providerAlertId = objectId(spec.timestamp, salt);
  const id = `ca${hex(`graph:${providerAlertId}`, 32)}`;
  const incidentId = String(1000 + (parseInt(hex(`incident:${salt}`, 6), 16) % 90000));
  // Graph's DateTimeOffset carries seven fractional digits; a Date knows milliseconds.
  const created = new Date(spec.timestamp).toISOString().replace('Z', '0000Z');
  const activity = new Date(spec.timestamp).toISOString();
  const service = spec.service ?? OFFICE_365;
  const common = {
    createdDateTime: created,
    verdict: 'unknown',
    remediationStatus: 'none',
    remediationStatusDetails: null,
    roles: [],
    tags: [],
  };
  const evidence: Record<string, unknown>[] = [];
  for (const user of spec.users ?? []) {
    const at = user.email.lastIndexOf('@');
    evidence.push({
      '@odata.type': '#microsoft.graph.security.userEvidence',
      ...common,
      userAccount: {
        accountName: at < 0 ? user.email : user.email.slice(0, at),
        domainName: at < 0 ? null : user.email.slice(at + 1),
        userPrincipalName: spec.sparse ? null : user.email,
        displayName: user.name,
        azureAdUserId: accountId(user),
        userSid: null,
      },
    });
  }
  (spec.ips ?? []).forEach((ip, index) => {
    evidence.push({
      '@odata.type': '#microsoft.graph.security.ipEvidence',
      ...common,
      ipAddress: ip,
      countryLetterCode: spec.countries?.[index]?.code ?? null,
    });
  });
  evidence.push({
    '@odata.type': '#microsoft.graph.security.cloudApplicationEvidence',
    ...common,
    appId: service.id,
    displayName: service.label,
    instanceId: 0,
    instanceName: service.label,
    saasAppId: service.id,
  });

  const alert: RawGraphAlert = {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId,
    incidentId,
    status: 'new',
    severity: GRAPH_SEVERITY[spec.severity] ?? 'unknown',
    classification: 'unknown',
    determination: null,
    serviceSource: 'microsoftDefenderForCloudApps',
    detectionSource: 'cloudAppSecurity',
    productName: 'Microsoft Defender for Cloud Apps',
    detectorId: policyId(spec),
    tenantId: directoryId,
    title: spec.title,
    description: spec.description === undefined ? null : plainText(spec.description),
    category: 'InitialAccess',
    assignedTo: null,
    incidentWebUrl: `https://security.microsoft.com/incidents/${incidentId}?tid=${directoryId}`,
    mitreTechniques: [],
    createdDateTime: created,
    lastUpdateDateTime: created,
    resolvedDateTime: null,
    firstActivityDateTime: activity,
    lastActivityDateTime: activity,
    comments: [],
    evidence,
    systemTags: [],
  };
  if (!spec.sparse)
    alert.alertWebUrl = `https://security.microsoft.com/alerts/${id}?tid=${directoryId}`;
  return alert;
}
