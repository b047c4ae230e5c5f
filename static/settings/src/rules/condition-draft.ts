/**
 * A rule condition while it is being typed: one text per condition (comma-separated for lists),
 * turned into the schema's shape only when the rule is checked, so a half-typed value never has
 * to be valid.
 */
import type { RuleCondition } from '../../../../src/core/rules/schema';

export type ConditionType = RuleCondition['type'];

export interface ConditionDraft {
  type: ConditionType;
  text: string;
}

export const CONDITION_TYPES: Array<{ value: ConditionType; label: string; help: string }> = [
  { value: 'titleContains', label: 'Title contains', help: 'Text, case-insensitive.' },
  {
    value: 'titleMatches',
    label: 'Title matches',
    help: 'A regular expression, case-insensitive, e.g. leaked credentials|password spray.',
  },
  { value: 'minSeverity', label: 'Severity at least', help: 'informational, low, medium or high.' },
  {
    value: 'tenant',
    label: 'Tenant is one of',
    help: "Choose among this project's tenants.",
  },
  {
    value: 'policy',
    label: 'MCAS policy is one of',
    help: 'Policy names or ids, separated by commas.',
  },
  {
    value: 'groupTag',
    label: 'User group is one of',
    help: 'MCAS user groups, e.g. Staff, separated by commas.',
  },
  {
    value: 'userList',
    label: 'A user is in list',
    help: 'The name of one of the user lists below.',
  },
  {
    value: 'minAbuseScore',
    label: 'An IP has abuse score at least',
    help: 'A number from 0 to 100.',
  },
  { value: 'anyTor', label: 'An IP is a Tor exit node', help: 'No value needed.' },
  {
    value: 'country',
    label: 'An IP is located in',
    help: 'Two-letter country codes, e.g. RU, KP.',
  },
];

/** A list condition's values as typed or picked: comma-separated. */
export function list(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function conditionOf(draft: ConditionDraft): Record<string, unknown> {
  const text = draft.text.trim();
  switch (draft.type) {
    case 'tenant':
      return { type: 'tenant', tenantIds: list(text) };
    case 'minSeverity':
      return { type: 'minSeverity', severity: text.toLowerCase() };
    case 'titleContains':
      return { type: 'titleContains', text };
    case 'titleMatches':
      return { type: 'titleMatches', pattern: text };
    case 'policy':
      return { type: 'policy', policies: list(text) };
    case 'groupTag':
      return { type: 'groupTag', groups: list(text) };
    case 'userList':
      return { type: 'userList', list: text };
    case 'minAbuseScore':
      return { type: 'minAbuseScore', score: text === '' ? Number.NaN : Number(text) };
    case 'anyTor':
      return { type: 'anyTor' };
    case 'country':
      return { type: 'country', countries: list(text) };
  }
}

export function draftOfCondition(condition: RuleCondition): ConditionDraft {
  switch (condition.type) {
    case 'tenant':
      return { type: condition.type, text: condition.tenantIds.join(', ') };
    case 'minSeverity':
      return { type: condition.type, text: condition.severity };
    case 'titleContains':
      return { type: condition.type, text: condition.text };
    case 'titleMatches':
      return { type: condition.type, text: condition.pattern };
    case 'policy':
      return { type: condition.type, text: condition.policies.join(', ') };
    case 'groupTag':
      return { type: condition.type, text: condition.groups.join(', ') };
    case 'userList':
      return { type: condition.type, text: condition.list };
    case 'minAbuseScore':
      return { type: condition.type, text: String(condition.score) };
    case 'anyTor':
      return { type: condition.type, text: '' };
    case 'country':
      return { type: condition.type, text: condition.countries.join(', ') };
  }
}
