/**
 * The order in which owed AbuseIPDB verdicts are asked for. One answer fills every issue waiting
 * on that address, so the drain works by distinct address, not by issue: the addresses of the
 * most severe alerts first, then those that most issues wait on, then the oldest owed.
 */
import type { Severity } from './model';
import { SEVERITY_RANK } from './model';

export interface OwedIssue {
  severity: Severity;
  /** The public addresses this issue still waits on. */
  ips: string[];
}

/** Distinct addresses, in the order to ask for them. Ties keep the order the issues came in. */
export function addressesToAsk(owed: readonly OwedIssue[]): string[] {
  const byIp = new Map<string, { rank: number; waiting: number; first: number }>();
  let seen = 0;
  for (const issue of owed) {
    const rank = SEVERITY_RANK[issue.severity];
    for (const ip of new Set(issue.ips)) {
      const entry = byIp.get(ip);
      if (entry) {
        entry.rank = Math.max(entry.rank, rank);
        entry.waiting += 1;
      } else byIp.set(ip, { rank, waiting: 1, first: seen++ });
    }
  }
  return [...byIp.entries()]
    .sort(([, a], [, b]) => b.rank - a.rank || b.waiting - a.waiting || a.first - b.first)
    .map(([ip]) => ip);
}
