/**
 * The issue the panel is open on, as the api read it for the caller (who can see it), and what
 * the app's own issue properties say about it. Anyone who can edit the issue can rewrite those
 * properties, so they are parsed, never trusted for what is looked up (re-check uses the app's
 * own record, issue-record.ts) nor rendered as a link off Defender's hosts (the api decides).
 */
import { adfToText } from '../../core/adf';
import type { ProjectId } from '../../core/config';
import { classifyIp, extractIps, isLookupable } from '../../core/ip';
import type { IpRange } from '../../core/model';
import {
  ALERT_PROPERTY_KEY,
  AlertProperty,
  ENRICHMENT_PROPERTY_KEY,
  EnrichmentProperty,
} from '../../core/model';

export interface PanelIssue {
  issueKey: string;
  projectId: ProjectId;
  projectKey: string;
  fields: Record<string, unknown>;
  properties: Record<string, unknown>;
}

/** The issue properties the panel reads with the issue. */
export const PANEL_PROPERTIES = [ALERT_PROPERTY_KEY, ENRICHMENT_PROPERTY_KEY];

/** An address in the issue's text, and whether it may be sent to AbuseIPDB. */
export interface FoundAddress {
  ip: string;
  range: IpRange;
  lookupable: boolean;
}

export function alertOf(issue: PanelIssue): AlertProperty | undefined {
  const alert = AlertProperty.safeParse(issue.properties[ALERT_PROPERTY_KEY]);
  return alert.success ? alert.data : undefined;
}

export function enrichmentOf(issue: PanelIssue): EnrichmentProperty | undefined {
  const enrichment = EnrichmentProperty.safeParse(issue.properties[ENRICHMENT_PROPERTY_KEY]);
  return enrichment.success ? enrichment.data : undefined;
}

/** IPv4 and IPv6 addresses in the issue's summary and description, in order found. */
export function foundAddresses(issue: PanelIssue): FoundAddress[] {
  const summary = typeof issue.fields.summary === 'string' ? issue.fields.summary : '';
  const description = adfToText(issue.fields.description);
  return extractIps(`${summary}\n${description}`).map((ip) => ({
    ip,
    range: classifyIp(ip),
    lookupable: isLookupable(ip),
  }));
}
