/**
 * Reads the issues a report counts from Jira, through JQL as the calling user, so a report
 * reflects what analysts did (resolved, moved, deleted) and only what the user may browse.
 *
 * Cost is bounded: `POST /rest/api/3/search/jql` serves at most 100 issues a page when fields
 * are selected (docs/reference/external-apis.md §4), so the two searches together read at most
 * REPORT_ISSUE_LIMIT issues in ⌈limit/100⌉ = 118 calls; with the permission check a report costs
 * at most 119 Jira calls, within the 120 a 12-month report over 10,000 issues may take.
 */
import { z } from 'zod';
import type { JiraClient } from '../../clients/jira';
import type { FoundIssue } from '../../clients/jira-types';
import {
  ALERT_PROPERTY_KEY,
  AlertProperty,
  ENRICHMENT_PROPERTY_KEY,
  EnrichmentProperty,
} from '../../core/model';
import { and, createdBetween, jqlTime, projectClause } from '../../core/reports/jql';
import type { ReportIssue } from '../../core/reports/model';

export const REPORT_ISSUE_LIMIT = 11_800;

/** Only what the aggregation reads: small pages, quick answers. */
export const REPORT_FIELDS = ['summary', 'created', 'resolution', 'resolutiondate'];
export const REPORT_PROPERTIES = [ALERT_PROPERTY_KEY, ENRICHMENT_PROPERTY_KEY];

const JiraDate = z.string().transform((value, context) => {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    context.addIssue({ code: 'custom', message: 'is not a date' });
    return z.NEVER;
  }
  return ms;
});

const ReportFields = z.looseObject({
  summary: z.string().catch(''),
  created: JiraDate,
  resolution: z.looseObject({ name: z.string() }).nullish().catch(undefined),
  resolutiondate: JiraDate.nullish().catch(undefined),
});

/** One found issue → what the aggregation needs; undefined for an issue without a created date. */
export function toReportIssue(found: FoundIssue): ReportIssue | undefined {
  const fields = ReportFields.safeParse(found.fields);
  if (!fields.success) return undefined;
  const alert = AlertProperty.safeParse(found.properties?.[ALERT_PROPERTY_KEY]);
  const enrichment = EnrichmentProperty.safeParse(found.properties?.[ENRICHMENT_PROPERTY_KEY]);
  const property = alert.success ? alert.data : undefined;
  const { summary, created, resolution, resolutiondate } = fields.data;
  const ips = enrichment.success
    ? enrichment.data.findings.flatMap((finding) =>
        finding.verdict ? [{ ip: finding.ip, score: finding.verdict.abuseConfidenceScore }] : [],
      )
    : [];
  return {
    key: found.key,
    created,
    ...(resolution ? { resolution: resolution.name } : {}),
    ...(resolution && resolutiondate !== undefined && resolutiondate !== null
      ? { resolved: resolutiondate }
      : {}),
    title: summary,
    ...(property ? { severity: property.severity, tenantId: property.tenantId } : {}),
    ...(property?.category !== undefined ? { category: property.category } : {}),
    users: property?.users ?? (enrichment.success ? enrichment.data.users : []),
    ips,
    ...(property?.maxAbuseScore !== undefined ? { maxAbuseScore: property.maxAbuseScore } : {}),
  };
}

export interface ReportIssues {
  issues: ReportIssue[];
  truncated: boolean;
}

/**
 * Issues created in [start, end), plus issues created before `start` and resolved since (they
 * count as resolved and in time to resolve). Two searches because the app's JQL has no OR.
 */
export async function readReportIssues(
  jira: JiraClient,
  projectKey: string,
  range: { start: number; end: number },
): Promise<ReportIssues> {
  const options = { fields: REPORT_FIELDS, properties: REPORT_PROPERTIES };
  const project = projectClause(projectKey);
  const inRange = await jira.searchJql(
    `${and(project, createdBetween(range.start, range.end))} ORDER BY created ASC`,
    { ...options, maxResults: REPORT_ISSUE_LIMIT + 1 },
  );
  let truncated = inRange.length > REPORT_ISSUE_LIMIT;
  const created = inRange.slice(0, REPORT_ISSUE_LIMIT);
  const room = REPORT_ISSUE_LIMIT - created.length;
  let earlier: FoundIssue[] = [];
  if (room > 0) {
    earlier = await jira.searchJql(
      `${and(project, `resolved >= ${jqlTime(range.start)}`, `created < ${jqlTime(range.start)}`)} ORDER BY created ASC`,
      { ...options, maxResults: room + 1 },
    );
    if (earlier.length > room) truncated = true;
    earlier = earlier.slice(0, room);
  } else {
    truncated = true;
  }
  const issues = [...created, ...earlier].flatMap((found) => toReportIssue(found) ?? []);
  return { issues, truncated };
}
