/**
 * How rules read to people: the rule editor lists conditions with these words, and triage
 * explanations (issue text, preview) name categories the same way.
 */
import type { GroupRepeats, NistCategory, RuleCondition } from './schema';
import { NIST_CATEGORY_LABELS } from './schema';

/** One condition as a phrase, e.g. "title contains 'leaked credentials'". */
export function describeCondition(c: RuleCondition): string {
  switch (c.type) {
    case 'tenant':
      return `tenant is ${oneOf(c.tenantIds)}`;
    case 'minSeverity':
      return `severity is at least ${c.severity}`;
    case 'titleContains':
      return `title contains ${quoted(c.text)}`;
    case 'titleMatches':
      return `title matches /${c.pattern}/`;
    case 'policy':
      return `policy is ${oneOf(c.policies.map(quoted))}`;
    case 'groupTag':
      return `user group is ${oneOf(c.groups.map(quoted))}`;
    case 'userList':
      return `a user is in list ${quoted(c.list)}`;
    case 'minAbuseScore':
      return `an IP has an abuse score of at least ${c.score}`;
    case 'anyTor':
      return 'an IP is a Tor exit node';
    case 'country':
      return `an IP is located in ${oneOf(c.countries.map((code) => code.toUpperCase()))}`;
  }
}

/** "Compromised user", or "Information gathering (Brute force)" with a sub-category. */
export function describeCategory(category: NistCategory, subCategory?: string): string {
  const label = NIST_CATEGORY_LABELS[category];
  return subCategory === undefined ? label : `${label} (${subCategory})`;
}

/** "by title and user for 24 h", as rule explanations and the rule list say it. */
export function describeGrouping(by: GroupRepeats['by'], windowHours: number): string {
  const how = by === 'incident' ? 'by Defender incident' : 'by title and user';
  return `${how} for ${windowHours} h`;
}

function oneOf(values: readonly string[]): string {
  return values.length === 1 ? (values[0] ?? '') : `one of ${values.join(', ')}`;
}

function quoted(text: string): string {
  return `'${text}'`;
}
