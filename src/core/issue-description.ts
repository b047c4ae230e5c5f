/**
 * The ADF description of an alert's issue: the alert text, a "Details" section, the IP
 * addresses with their AbuseIPDB verdicts, and what the triage rules decided.
 */
import {
  adfDoc,
  bulletList,
  heading,
  link,
  paragraph,
  strong,
  text,
  textToAdf,
  type AdfBlock,
  type AdfDoc,
  type AdfInline,
} from './adf';
import { isDefenderAlertLink } from './hosts';
import { LOOKUPS_PER_ALERT } from './lookup-limits';
import type { Alert, IpFinding } from './model';
import { findingSentence } from './reported-ips';
import { describeCategory } from './rules/describe';
import type { TriageOutcome } from './rules/outcome';
import { truncate } from './text-limits';
import type { RefusedAction } from './triage-effects';
import { appliedExplanations, refusalSentence } from './triage-effects';

/**
 * Jira keeps a rich-text field to 32,767 characters; the alert text gets most of that and the
 * address list is capped so a noisy alert still produces an issue.
 */
export const ALERT_TEXT_MAX = 20_000;
export const LISTED_IPS_MAX = 50;

const SEVERITY_NAMES: Record<Alert['severity'], string> = {
  informational: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
};

export function abuseIpdbCheckUrl(ip: string): string {
  return `https://www.abuseipdb.com/check/${ip}`;
}

/**
 * Said next to an alert address that is not on a Defender host: it is shown as text, never as a
 * link the reader would take for the alert (see `isDefenderAlertLink`).
 */
export const UNVERIFIED_LINK_WARNING =
  '(not a Microsoft Defender address, so not linked; do not open it unless you trust it)';

/** Where the alert link leads: the Defender portal for alerts read through Graph, else MCAS. */
export function alertLinkText(url: string): string {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    // An unparsable link keeps the MCAS wording; the URL itself was vetted when normalised.
  }
  return host === 'security.microsoft.com'
    ? 'Open in Microsoft Defender'
    : 'Open in Defender for Cloud Apps';
}

function labelled(label: string, value: AdfInline[]): AdfInline[] {
  return [strong(`${label}: `), ...value];
}

function details(alert: Alert, tenantName: string): AdfInline[][] {
  const items: AdfInline[][] = [];
  if (alert.url !== undefined) {
    items.push(
      labelled(
        'Alert',
        isDefenderAlertLink(alert.url)
          ? [link(alertLinkText(alert.url), alert.url)]
          : [text(`${alert.url} ${UNVERIFIED_LINK_WARNING}`)],
      ),
    );
  }
  items.push(labelled('Tenant', [text(tenantName)]));
  items.push(labelled('Severity', [text(SEVERITY_NAMES[alert.severity])]));
  items.push(labelled('Time', [text(new Date(alert.timestamp).toISOString())]));
  if (alert.policy !== undefined) items.push(labelled('Policy', [text(alert.policy.label)]));
  items.push(
    labelled('Affected users', [text(alert.users.length > 0 ? alert.users.join(', ') : 'none')]),
  );
  if (alert.groupTags.length > 0) {
    items.push(labelled('User groups', [text(alert.groupTags.join(', '))]));
  }
  return items;
}

/** The finding's sentence, with the address linked to its AbuseIPDB page when it is public. */
export function findingItem(finding: IpFinding): AdfInline[] {
  const sentence = findingSentence(finding);
  const at = sentence.indexOf(finding.ip);
  if (finding.range !== 'public' || at < 0) return [text(sentence)];
  return [
    text(sentence.slice(0, at)),
    link(finding.ip, abuseIpdbCheckUrl(finding.ip)),
    text(sentence.slice(at + finding.ip.length)),
  ];
}

function ipSection(findings: IpFinding[]): AdfBlock[] {
  if (findings.length === 0) return [];
  const items = findings.slice(0, LISTED_IPS_MAX).map(findingItem);
  const more = findings.length - LISTED_IPS_MAX;
  if (more > 0) items.push([text(`…and ${more} more IP addresses.`)]);
  const unchecked = findings.filter((finding) => finding.unchecked).length;
  const capNote =
    unchecked > 0
      ? [
          paragraph([
            text(
              `Only the first ${LOOKUPS_PER_ALERT} public addresses of an alert are looked up in AbuseIPDB; ` +
                `${unchecked} more are listed here but were not checked.`,
            ),
          ]),
        ]
      : [];
  return [heading(3, 'IP addresses'), ...capNote, bulletList(items)];
}

/**
 * "rule 'X' set priority Highest, category Compromised user", as the rule engine explains it,
 * without the actions that were refused (those are listed apart, with the reason).
 */
export function triageLine(
  triage: TriageOutcome,
  refused: RefusedAction[] = [],
): string | undefined {
  const applied = appliedExplanations(triage.explanations, refused);
  if (applied.length > 0) return applied.join('; ');
  if (triage.explanations.length > 0) return undefined;
  if (triage.category === undefined) return undefined;
  return `category ${describeCategory(triage.category.value, triage.category.subCategory)}`;
}

export function buildDescription(
  alert: Alert,
  findings: IpFinding[],
  triage: TriageOutcome,
  tenantName: string,
  refused: RefusedAction[] = [],
): AdfDoc {
  const triaged = triageLine(triage, refused);
  return adfDoc([
    ...textToAdf(truncate(alert.description, ALERT_TEXT_MAX)).content,
    heading(3, 'Details'),
    bulletList(details(alert, tenantName)),
    ...ipSection(findings),
    ...(triaged !== undefined ? [paragraph([strong('Triage: '), text(triaged)])] : []),
    ...(refused.length > 0
      ? [
          paragraph([strong('Triage actions not applied:')]),
          bulletList(refused.map((action) => [text(refusalSentence(action))])),
        ]
      : []),
  ]);
}
