/**
 * Zod's own messages ("Too small: expected string to have >=1 characters", "Invalid input:
 * expected number, received NaN") are for developers. Forms print a field's label before its
 * message ("Name is required"), so zod's default messages are rewritten here into what to fix,
 * from the issue's own data. Messages a schema wrote itself (they start in lower case, e.g. "is
 * not a valid regular expression") are kept as they are.
 */
import type { z } from 'zod';

const ZOD_DEFAULT = /^(Too small|Too big|Invalid)\b/;
const MAX_LISTED_CHOICES = 6;

type Issue = z.core.$ZodIssue;

function count(n: number | bigint, one: string, many: string): string {
  return `${n} ${Number(n) === 1 ? one : many}`;
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  const { minimum, origin } = issue;
  if (origin === 'string') {
    return Number(minimum) <= 1
      ? 'is required'
      : `needs at least ${count(minimum, 'character', 'characters')}`;
  }
  if (origin === 'array' || origin === 'set') {
    return `needs at least ${count(minimum, 'entry', 'entries')}`;
  }
  if (origin === 'number' || origin === 'int' || origin === 'bigint') {
    return issue.inclusive === false
      ? `must be more than ${minimum}`
      : `must be ${minimum} or more`;
  }
  return 'is too small';
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>): string {
  const { maximum, origin } = issue;
  if (origin === 'string') return `must be at most ${count(maximum, 'character', 'characters')}`;
  if (origin === 'array' || origin === 'set') {
    return `can have at most ${count(maximum, 'entry', 'entries')}`;
  }
  if (origin === 'number' || origin === 'int' || origin === 'bigint') {
    return issue.inclusive === false
      ? `must be less than ${maximum}`
      : `must be ${maximum} or less`;
  }
  return 'is too big';
}

function invalidType(issue: Extract<Issue, { code: 'invalid_type' }>): string {
  // Zod drops the input from issues unless asked to report it; its message still names it.
  if (/received (undefined|null)$/.test(issue.message)) return 'is required';
  if (issue.expected === 'number' || issue.expected === 'int') return 'must be a number';
  if (issue.expected === 'string') return 'must be text';
  if (issue.expected === 'boolean') return 'must be on or off';
  return 'has a value of the wrong kind';
}

function invalidValue(issue: Extract<Issue, { code: 'invalid_value' }>): string {
  const choices = issue.values.map(String);
  if (choices.length === 1) return `must be ${choices[0]}`;
  return choices.length <= MAX_LISTED_CHOICES
    ? `must be one of: ${choices.join(', ')}`
    : 'must be one of the offered choices';
}

function invalidFormat(issue: Extract<Issue, { code: 'invalid_format' }>): string {
  switch (issue.format) {
    case 'url':
      return 'must be a web address (https://…)';
    case 'email':
      return 'must be an e-mail address';
    case 'uuid':
    case 'guid':
      return 'must be an ID like 00000000-0000-0000-0000-000000000000';
    default:
      return 'is not in the expected form';
  }
}

/** The issue's message in plain words, or the schema's own message. */
export function plainMessage(issue: Issue): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_small':
      return tooSmall(issue);
    case 'too_big':
      return tooBig(issue);
    case 'invalid_type':
      return invalidType(issue);
    case 'invalid_value':
      return invalidValue(issue);
    case 'invalid_format':
      return invalidFormat(issue);
    default:
      return 'is not valid';
  }
}
