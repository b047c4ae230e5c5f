/**
 * The rules a new project starts with: one per common MCAS built-in detection, each setting only
 * the NIST incident category, so priority still follows the project's severity map. They are
 * ordinary rules — the admin can edit, reorder, disable or remove them.
 *
 * MCAS words the same detection differently across policy versions and portals ("Impossible
 * travel" / "Impossible travel activity", "Multiple failed login attempts" / "Multiple failed
 * user log on attempts to an app"), and admins can rename alerts, so each rule matches a
 * case-insensitive pattern rather than an exact title.
 *
 * Order matters where titles overlap: "Risky sign-in: anonymous IP address" is an identity-
 * protection sign-in risk (a compromised user), so the sign-in rules come before the
 * anonymous-IP rule, whose pattern also matches that title.
 */
import type { NistCategory, Rule } from './schema';

function detection(
  slug: string,
  name: string,
  pattern: string,
  category: NistCategory,
  subCategory?: string,
): Rule {
  return {
    id: `builtin-${slug}`,
    name,
    enabled: true,
    conditions: [{ type: 'titleMatches', pattern }],
    actions: subCategory === undefined ? { category } : { category, subCategory },
  };
}

const BRUTE_FORCE = 'Brute force';
const ANONYMOUS_ACCESS = 'Anonymous access';

export const BUILTIN_RULES: Rule[] = [
  // Compromised user: sign-in anomalies and mailbox tampering after account takeover.
  detection(
    'impossible-travel',
    'Impossible travel',
    '\\bimpossible travel\\b',
    'compromised-user',
  ),
  detection(
    'infrequent-country',
    'Activity from infrequent country',
    '\\bactivity from (?:an? )?infrequent country\\b',
    'compromised-user',
  ),
  detection(
    'risky-sign-in',
    'Risky sign-in',
    '\\brisky (?:sign|log)[ -]?[io]ns?\\b',
    'compromised-user',
  ),
  detection(
    'leaked-credentials',
    'Leaked credentials',
    '\\bleaked credentials?\\b',
    'compromised-user',
  ),
  detection(
    'inbox-forwarding',
    'Suspicious inbox forwarding',
    '\\bsuspicious inbox forwarding\\b',
    'compromised-user',
  ),
  detection(
    'inbox-manipulation',
    'Suspicious inbox manipulation rule',
    '\\bsuspicious inbox manipulation\\b',
    'compromised-user',
  ),
  // Information gathering: access through anonymising networks and password guessing.
  detection(
    'tor-ip',
    'Activity from a Tor IP address',
    '\\bfrom (?:an? )?tor ip address(?:es)?\\b',
    'information-gathering',
    ANONYMOUS_ACCESS,
  ),
  detection(
    'anonymous-ip',
    'Activity from anonymous IP addresses',
    '\\banonymous (?:proxy )?ip address(?:es)?\\b',
    'information-gathering',
    ANONYMOUS_ACCESS,
  ),
  detection(
    'failed-logins',
    'Multiple failed login attempts',
    '\\bmultiple failed (?:user )?(?:log[ -]?[io]n|sign[ -]?in)s? attempts?\\b',
    'information-gathering',
    BRUTE_FORCE,
  ),
  // Data exfiltration.
  detection('mass-download', 'Mass download', '\\bmass download\\b', 'data-exfiltration'),
  detection(
    'unusual-file-share',
    'Unusual file share or download',
    '\\bunusual file (?:shar(?:e|es|ing)|download)',
    'data-exfiltration',
  ),
  // Malware.
  detection('ransomware', 'Ransomware activity', '\\bransomware\\b', 'malware'),
  detection('malware', 'Malware detected', '\\bmalware detect(?:ed|ion)\\b', 'malware'),
  // Compromised app: OAuth apps impersonating publishers or behaving like exfiltration tools.
  detection(
    'misleading-oauth-app',
    'Misleading OAuth app name',
    '\\bmisleading (?:oauth app|publisher) name\\b',
    'compromised-app',
  ),
  detection(
    'suspicious-oauth-app',
    'Suspicious OAuth app',
    '\\bsuspicious oauth app\\b',
    'compromised-app',
  ),
  // Compromised server: mass destruction of cloud VMs.
  detection(
    'delete-vm',
    'Multiple delete VM activities',
    '\\bmultiple (?:delete vm|vm delet(?:e|ion)) activit(?:y|ies)\\b',
    'compromised-server',
  ),
  // Privilege escalation.
  detection(
    'unusual-admin-activity',
    'Unusual administrative activity',
    '\\bunusual administrative activit(?:y|ies)\\b',
    'privilege-escalation',
  ),
];
