/**
 * Whether one rule condition holds for one alert. Text comparisons ignore case throughout: MCAS
 * is not consistent about the case of titles, policy names and group tags across tenants.
 */
import type { Alert, IpFinding, IpVerdict } from '../model';
import { SEVERITY_RANK } from '../model';
import type { RuleCondition, UserList } from './schema';
import { findUserList, userInList } from './user-lists';

/** What conditions look at besides the rule itself. */
export interface ConditionContext {
  userLists: UserList[];
  alert: Alert;
  findings: IpFinding[];
}

/**
 * Compiled title patterns by source, shared across one evaluation (or one preview) so that each
 * pattern is compiled once. `null` records a pattern that does not compile.
 */
export type PatternCache = Map<string, RegExp | null>;

export function conditionHolds(
  c: RuleCondition,
  context: ConditionContext,
  patterns: PatternCache,
): boolean {
  const { alert } = context;
  switch (c.type) {
    case 'tenant':
      return includesIgnoringCase(c.tenantIds, alert.tenantId);
    case 'minSeverity':
      return SEVERITY_RANK[alert.severity] >= SEVERITY_RANK[c.severity];
    case 'titleContains':
      return fold(alert.title).includes(fold(c.text));
    case 'titleMatches':
      return compile(c.pattern, patterns)?.test(alert.title) ?? false;
    case 'policy': {
      const policy = alert.policy;
      return (
        policy !== undefined &&
        (includesIgnoringCase(c.policies, policy.id) ||
          includesIgnoringCase(c.policies, policy.label))
      );
    }
    case 'groupTag':
      return alert.groupTags.some((tag) => includesIgnoringCase(c.groups, tag));
    case 'userList': {
      const list = findUserList(c.list, context.userLists);
      return list !== undefined && alert.users.some((user) => userInList(user, list));
    }
    case 'minAbuseScore':
      return verdicts(context.findings).some((v) => v.abuseConfidenceScore >= c.score);
    case 'anyTor':
      return verdicts(context.findings).some((v) => v.isTor);
    case 'country':
      return verdicts(context.findings).some(
        (v) => v.countryCode !== null && includesIgnoringCase(c.countries, v.countryCode),
      );
  }
}

/**
 * The schema refuses invalid patterns when a rule is saved, but stored rules can predate a
 * tightening of that check, so an invalid pattern here matches nothing instead of throwing.
 * No `g` flag: `test` must not carry `lastIndex` from one alert to the next.
 */
function compile(pattern: string, patterns: PatternCache): RegExp | null {
  const cached = patterns.get(pattern);
  if (cached !== undefined) return cached;
  let compiled: RegExp | null;
  try {
    compiled = new RegExp(pattern, 'i');
  } catch {
    compiled = null;
  }
  patterns.set(pattern, compiled);
  return compiled;
}

/** Verdicts AbuseIPDB actually gave: pending and never-looked-up addresses say nothing yet. */
function verdicts(findings: readonly IpFinding[]): IpVerdict[] {
  return findings.flatMap((f) =>
    f.verdict !== undefined && f.pending !== true ? [f.verdict] : [],
  );
}

function includesIgnoringCase(values: readonly string[], value: string): boolean {
  const wanted = fold(value);
  return values.some((v) => fold(v) === wanted);
}

function fold(text: string): string {
  return text.trim().toLowerCase();
}
