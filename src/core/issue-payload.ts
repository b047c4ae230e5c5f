/**
 * An alert, its IP findings and the triage outcome → the Jira create payload (REST v3, one
 * element of a bulk create). Only ids the JiraTarget resolved are sent: an unknown priority or
 * issue type is left to Jira's default rather than risking a 400 for the whole issue.
 */
import { textToAdf } from './adf';
import { FIELD_MAP_KEYS, type FieldKind, type FieldMapKey, type JiraTarget } from './config';
import { buildEnrichmentProperty } from './enrichment-property';
import { ALERT_TEXT_MAX, buildDescription } from './issue-description';
import { classifyIp } from './ip';
import { jiraSafe, jiraText } from './jira-text';
import {
  ALERT_PROPERTY_KEY,
  ENRICHMENT_PROPERTY_KEY,
  type Alert,
  type AlertProperty,
  type IpFinding,
  type Severity,
} from './model';
import { reportedIpsText } from './reported-ips';
import type { TriageOutcome } from './rules/outcome';
import { NIST_CATEGORY_LABELS, type NistCategory } from './rules/schema';
import { SINGLE_LINE_MAX, singleLine, truncate } from './text-limits';
import { refusedActions } from './triage-effects';

/**
 * One element of `POST /rest/api/3/issue/bulk` `issueUpdates`, or the body of a single create:
 * what this module builds. The Jira client takes it as is (`clients/jira-types.ts` re-exports it).
 */
export interface IssueCreate {
  fields: Record<string, unknown>;
  properties?: { key: string; value: unknown }[];
}

export interface IssuePayloadInput {
  alert: Alert;
  findings: IpFinding[];
  target: JiraTarget;
  triage: TriageOutcome;
  tenantName: string;
  /**
   * Fields Jira refused when this issue was first sent (field id → Jira's message): the issue is
   * sent again without them, and its description says which rule actions were refused.
   */
  refusedFields?: Record<string, string>;
}

/** Jira labels cannot contain spaces and hold at most 255 characters. */
function toLabel(value: string): string {
  return jiraText(value).trim().replace(/\s+/g, '-').slice(0, SINGLE_LINE_MAX);
}

/** The summary when the alert's title is nothing but characters Jira cannot take. */
const UNTITLED = 'Untitled alert';

export function tenantLabel(tenantId: string): string {
  return toLabel(`mcas-tenant-${tenantId}`);
}

export function severityLabel(s: Severity): string {
  return `mcas-severity-${s}`;
}

export function categoryLabel(category: NistCategory): string {
  return `nist-${category}`;
}

/** A value for a mapped field: its text, and the items a labels field would hold. */
interface MappedValue {
  text: string;
  items?: string[];
  option?: string;
}

/** Multi-line text squeezed into a single-line field: one clause per line. */
function asSingleLine(value: string): string {
  return value
    .split('\n')
    .map((line) => singleLine(line).replace(/\.$/, ''))
    .filter((line) => line.length > 0)
    .join('; ');
}

function fieldValue(value: MappedValue, kind: FieldKind): unknown {
  const text = jiraText(value.text);
  if (text.trim() === '') return undefined;
  switch (kind) {
    case 'string':
      return truncate(asSingleLine(text), SINGLE_LINE_MAX);
    case 'adf':
      return textToAdf(text);
    case 'option':
      return value.option !== undefined ? { value: value.option } : undefined;
    case 'labels': {
      const labels = [...new Set((value.items ?? []).map(toLabel).filter(Boolean))];
      return labels.length > 0 ? labels : undefined;
    }
  }
}

function mappedValue(
  key: FieldMapKey,
  input: IssuePayloadInput,
  findings: IpFinding[],
): MappedValue {
  const { alert, triage } = input;
  switch (key) {
    case 'alertUrl':
      return { text: alert.url ?? '' };
    case 'alertSummary':
      return { text: alert.title };
    case 'alertDescription':
      return { text: truncate(alert.description, ALERT_TEXT_MAX) };
    case 'affectedUser':
      return { text: alert.users.join(', '), items: alert.users };
    case 'ip':
      return { text: alert.ips.join(', '), items: alert.ips };
    case 'reportedIps':
      return { text: reportedIpsText(findings) };
    case 'category': {
      const category = triage.category?.value;
      if (category === undefined) return { text: '' };
      const label = NIST_CATEGORY_LABELS[category];
      return { text: label, items: [categoryLabel(category)], option: label };
    }
  }
}

/** The mapped Reported IPs field's value for `kind`, for updates once pending verdicts arrive. */
export function reportedIpsFieldValue(findings: IpFinding[], kind: FieldKind): unknown {
  return jiraSafe(fieldValue({ text: reportedIpsText(findings) }, kind));
}

/** One finding per address of the alert, in the alert's order; an address nobody classified yet is classified here. */
function findingsInAlertOrder(alert: Alert, findings: IpFinding[]): IpFinding[] {
  const byIp = new Map(findings.map((finding) => [finding.ip, finding]));
  const ordered = alert.ips.map((ip) => byIp.get(ip) ?? { ip, range: classifyIp(ip) });
  const extra = findings.filter((finding) => !alert.ips.includes(finding.ip));
  return [...ordered, ...extra];
}

function priorityId(input: IssuePayloadInput): string | undefined {
  const name = input.triage.priority?.value ?? input.target.priorities[input.alert.severity];
  return name === undefined ? undefined : input.target.priorityIds[name.toLowerCase()];
}

function issueTypeId({ target, triage }: IssuePayloadInput): string {
  const fromRule = triage.issueType?.value;
  return (fromRule && target.issueTypeIds[fromRule.toLowerCase()]) || target.issueTypeId;
}

function labels({ alert, target, triage }: IssuePayloadInput): string[] {
  const category = triage.category?.value;
  const all = [
    ...target.labels,
    tenantLabel(alert.tenantId),
    severityLabel(alert.severity),
    ...triage.labels,
    ...(category !== undefined && target.fields.category === undefined
      ? [categoryLabel(category)]
      : []),
  ];
  return [...new Set(all.map(toLabel).filter(Boolean))];
}

/** Few enough that the property stays small; reports count the first ones only. */
const PROPERTY_LIST_MAX = 10;

/** The highest abuse score among the findings that have a verdict. */
export function maxAbuseScore(findings: readonly IpFinding[]): number | undefined {
  const scores = findings.flatMap((f) => (f.verdict ? [f.verdict.abuseConfidenceScore] : []));
  return scores.length === 0 ? undefined : Math.max(...scores);
}

export function buildAlertProperty(
  alert: Alert,
  findings: readonly IpFinding[],
  triage: TriageOutcome,
): AlertProperty {
  const score = maxAbuseScore(findings);
  const publicIps = findings.filter((f) => f.range === 'public').map((f) => f.ip);
  return {
    alertId: alert.id,
    tenantId: alert.tenantId,
    severity: alert.severity,
    timestamp: alert.timestamp,
    ...(triage.category !== undefined ? { category: triage.category.value } : {}),
    ...(alert.users.length > 0 ? { users: alert.users.slice(0, PROPERTY_LIST_MAX) } : {}),
    ...(publicIps.length > 0 ? { ips: publicIps.slice(0, PROPERTY_LIST_MAX) } : {}),
    ...(score !== undefined ? { maxAbuseScore: score } : {}),
    alertTime: new Date(alert.timestamp).toISOString(),
  };
}

export function buildIssueCreate(input: IssuePayloadInput): IssueCreate {
  const { alert, target, triage, tenantName } = input;
  const refusedFields = input.refusedFields ?? {};
  const findings = findingsInAlertOrder(alert, input.findings);
  const refused = refusedActions(triage, target, refusedFields);

  const fields: Record<string, unknown> = {
    project: { id: target.projectId },
    issuetype: { id: issueTypeId(input) },
    summary: truncate(singleLine(jiraText(alert.title)), SINGLE_LINE_MAX) || UNTITLED,
    description: buildDescription(alert, findings, triage, tenantName, refused),
    labels: labels(input),
  };
  const priority = priorityId(input);
  if (priority !== undefined) fields.priority = { id: priority };
  if (triage.assignee !== undefined) fields.assignee = { accountId: triage.assignee.value };

  for (const key of FIELD_MAP_KEYS) {
    const field = target.fields[key];
    if (field === undefined) continue;
    const value = fieldValue(mappedValue(key, input, findings), field.kind);
    if (value === undefined) continue;
    const existing = fields[field.id];
    // A value mapped onto a system field the payload already sets (labels) adds to it; it never
    // replaces the summary, description or anything else the app itself relies on.
    if (existing === undefined) fields[field.id] = value;
    else if (Array.isArray(existing) && Array.isArray(value)) {
      fields[field.id] = [...new Set([...(existing as unknown[]), ...(value as unknown[])])];
    }
  }

  for (const field of Object.keys(refusedFields)) delete fields[field];

  const alertProperty = buildAlertProperty(alert, findings, triage);
  // Every string of the payload, whichever builder made it, is made Jira-safe once more here:
  // one control character in one mapped field would cost the alert its whole issue.
  return jiraSafe({
    fields,
    properties: [
      { key: ALERT_PROPERTY_KEY, value: alertProperty },
      { key: ENRICHMENT_PROPERTY_KEY, value: buildEnrichmentProperty(alert, findings, tenantName) },
    ],
  });
}
