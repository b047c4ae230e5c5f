/**
 * How many addresses one alert may spend on AbuseIPDB. An alert's text can name hundreds of
 * addresses (and its description is written by whoever triggered the alert), and AbuseIPDB's
 * free plan answers 1,000 checks a day: without a cap one noisy alert would spend a project's
 * quota. The first `LOOKUPS_PER_ALERT` public addresses are looked up; the rest are listed on the
 * issue as not checked (`unchecked`), and the description says why.
 */
import { isLookupable } from '../core/ip';
import { LOOKUPS_PER_ALERT } from '../core/lookup-limits';
import type { IpFinding } from '../core/model';
import type { IpEnricher } from './ip-enricher';

export { LOOKUPS_PER_ALERT };

/** The addresses the enricher may see: every special-purpose one, and the first public ones. */
export function addressesToEnrich(ips: readonly string[]): string[] {
  let publicSeen = 0;
  return [...new Set(ips)].filter((ip) => {
    if (!isLookupable(ip)) return true;
    publicSeen += 1;
    return publicSeen <= LOOKUPS_PER_ALERT;
  });
}

/** Findings for every address in order: the enriched ones, then the capped ones as unchecked. */
export async function enrichCapped(
  enricher: IpEnricher,
  ips: readonly string[],
): Promise<IpFinding[]> {
  const enriched = new Map(
    (await enricher.enrich(addressesToEnrich(ips))).map((finding) => [finding.ip, finding]),
  );
  return [...new Set(ips)].map(
    (ip) => enriched.get(ip) ?? { ip, range: 'public' as const, unchecked: true },
  );
}
