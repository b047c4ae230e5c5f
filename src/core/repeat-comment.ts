/**
 * The comment a grouped repeat adds to its open issue (rule "group repeats"): the alert's link
 * (only to a Defender host, like the description), its time, its addresses with their AbuseIPDB
 * verdicts, and the marker by which a later run recognises a comment already made.
 */
import type { AdfDoc, AdfInline } from './adf';
import { adfDoc, adfToText, bulletList, link, paragraph, strong, text } from './adf';
import { repeatMarker } from './grouping';
import { isDefenderAlertLink } from './hosts';
import {
  LISTED_IPS_MAX,
  UNVERIFIED_LINK_WARNING,
  alertLinkText,
  findingItem,
} from './issue-description';
import { jiraSafe } from './jira-text';
import type { Alert, IpFinding } from './model';

export function buildRepeatComment(
  alert: Alert,
  findings: IpFinding[],
  repeatNumber: number,
  rule: string,
): AdfDoc {
  const items: AdfInline[][] = [[strong('Time: '), text(new Date(alert.timestamp).toISOString())]];
  if (alert.url !== undefined) {
    items.push([
      strong('Alert: '),
      ...(isDefenderAlertLink(alert.url)
        ? [link(alertLinkText(alert.url), alert.url)]
        : [text(`${alert.url} ${UNVERIFIED_LINK_WARNING}`)]),
    ]);
  }
  if (alert.users.length > 0)
    items.push([strong('Affected users: '), text(alert.users.join(', '))]);
  if (alert.incidentId !== undefined) items.push([strong('Incident: '), text(alert.incidentId)]);
  const ips = findings.slice(0, LISTED_IPS_MAX).map(findingItem);
  const more = findings.length - LISTED_IPS_MAX;
  if (more > 0) ips.push([text(`…and ${more} more IP addresses.`)]);
  return jiraSafe(
    adfDoc([
      paragraph([
        strong(`Repeat ${repeatNumber}`),
        text(` of this alert, grouped into this issue by rule '${rule}'.`),
      ]),
      bulletList(items),
      ...(ips.length > 0 ? [paragraph([strong('IP addresses')]), bulletList(ips)] : []),
      paragraph([text(repeatMarker(alert.id))]),
    ]),
  );
}

/** Whether a comment body (ADF, as Jira returns it) is the repeat comment of `alertId`. */
export function isRepeatCommentOf(body: unknown, alertId: string): boolean {
  const marker = repeatMarker(alertId);
  // A whole line, so alert "a1" is not taken for "a10".
  return adfToText(body)
    .split('\n')
    .some((line) => line.trim() === marker);
}
