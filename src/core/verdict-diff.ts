/**
 * What changed between two AbuseIPDB verdicts for one address, in words an analyst reads in an
 * issue comment. Only what changes the picture counts: the score, the report count, Tor and the
 * country. ISP or domain wording changes are noise.
 */
import type { IpVerdict } from './model';

function country(code: string | null): string {
  return code ?? 'unknown';
}

/** "150.129.8.24: score 12 → 87, reports 3 → 261"; undefined when nothing that matters changed. */
export function describeVerdictChanges(
  before: IpVerdict | undefined,
  after: IpVerdict,
): string | undefined {
  if (before === undefined) {
    const first = [`score ${after.abuseConfidenceScore}`, `reports ${after.totalReports}`];
    if (after.isTor) first.push('Tor exit node');
    return `${after.ip}: first verdict — ${first.join(', ')}`;
  }
  const changes: string[] = [];
  if (before.abuseConfidenceScore !== after.abuseConfidenceScore) {
    changes.push(`score ${before.abuseConfidenceScore} → ${after.abuseConfidenceScore}`);
  }
  if (before.totalReports !== after.totalReports) {
    changes.push(`reports ${before.totalReports} → ${after.totalReports}`);
  }
  if (before.isTor !== after.isTor) {
    changes.push(after.isTor ? 'now a Tor exit node' : 'no longer a Tor exit node');
  }
  if (before.countryCode !== after.countryCode) {
    changes.push(`country ${country(before.countryCode)} → ${country(after.countryCode)}`);
  }
  return changes.length > 0 ? `${after.ip}: ${changes.join(', ')}` : undefined;
}
