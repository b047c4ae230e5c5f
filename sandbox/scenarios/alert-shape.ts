/**
 * Raw MCAS alerts in the shape the API returns them (modelled on
 * shared/reference/payloads/mcas-alerts-list.response.json and mcas-alert-file-policy.json):
 * 24-hex `_id` that starts with the creation time like a Mongo ObjectId, portal `URL`, entities
 * of type account/user/ip/policyRule/service/groupTag/country, and the real data's quirks such as
 * the string "null".
 */
import { createHash } from 'node:crypto';
import type { RawMcasAlert } from '../sim';

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

export function mcasAlert(spec: AlertSpec): RawMcasAlert {
  const salt = spec.salt ?? `${spec.tenantId}:${spec.title}:${spec.timestamp}`;
  const id = objectId(spec.timestamp, salt);
  const policy = {
    id: hex(`policy:${spec.title}`, 24),
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
      id: uuid(`account:${user.email}`),
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
