/**
 * The "Reported IPs" text: one sentence per address, as the original tool's users read it in
 * their tickets, extended with the ranges we deliberately do not look up.
 */
import { LOOKUPS_PER_ALERT } from './lookup-limits';
import type { IpFinding, IpRange, IpVerdict } from './model';

/** How a sentence names each special-purpose range: "is in <phrase> and was not looked up". */
export const RANGE_PHRASES: Record<Exclude<IpRange, 'public'>, string> = {
  private: 'a private range',
  loopback: 'the loopback range',
  linkLocal: 'a link-local range',
  carrierGradeNat: 'the carrier-grade NAT range',
  documentation: 'a documentation range',
  multicast: 'a multicast range',
  unspecified: 'the unspecified range',
  broadcast: 'the broadcast range',
  reserved: 'a reserved range',
  uniqueLocal: 'a unique-local range',
  benchmarking: 'the benchmarking range',
  ipv4Mapped: 'the IPv4-mapped range',
  translation: 'an IPv4/IPv6 translation range',
  other: 'a special-purpose range',
};

function known(value: string | null | undefined): string {
  return value === null || value === undefined || value.trim() === '' ? 'unknown' : value;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * "The IP 150.129.8.24 was reported 261 times within 90 days — Country: NL — Usage type: Data
 * Center/Web Hosting/Transit — ISP: LiteServer Holding B.V. — Abuse confidence: 100%".
 */
export function verdictSentence(v: IpVerdict): string {
  const parts = [
    `The IP ${v.ip} was reported ${plural(v.totalReports, 'time', 'times')} within ${plural(v.maxAgeInDays, 'day', 'days')}`,
    `Country: ${known(v.countryCode)}`,
    `Usage type: ${known(v.usageType)}`,
    `ISP: ${known(v.isp)}`,
    `Abuse confidence: ${v.abuseConfidenceScore}%`,
  ];
  if (v.isTor) parts.push('Tor exit node');
  return parts.join(' — ');
}

export function findingSentence(f: IpFinding): string {
  if (f.verdict) return verdictSentence(f.verdict);
  if (f.pending) {
    return `The IP ${f.ip} is waiting for an AbuseIPDB verdict (daily quota reached); it will be filled in by a later run.`;
  }
  if (f.unchecked) {
    return `The IP ${f.ip} was not looked up: only the first ${LOOKUPS_PER_ALERT} public addresses of an alert are checked in AbuseIPDB.`;
  }
  if (f.range !== 'public') {
    return `The IP ${f.ip} is in ${RANGE_PHRASES[f.range]} and was not looked up.`;
  }
  return `The IP ${f.ip} has no AbuseIPDB verdict.`;
}

/** One sentence per address, newline-separated; "" when the alert has none. */
/**
 * Sentences past this many are summed up in one line: a multi-line Jira field holds 32,767
 * characters, and an alert with hundreds of addresses must not cost the issue its field.
 */
export const REPORTED_IPS_MAX = 50;

export function reportedIpsText(findings: IpFinding[]): string {
  const lines = findings.slice(0, REPORTED_IPS_MAX).map(findingSentence);
  const more = findings.length - REPORTED_IPS_MAX;
  if (more > 0) lines.push(`…and ${more} more IP addresses (see the issue description).`);
  return lines.join('\n');
}
