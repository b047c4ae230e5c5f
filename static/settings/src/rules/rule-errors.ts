/**
 * The Triage rules tab's error list in plain words: a field error keyed by its path in the config
 * ("rules.2.actions.issueType") is shown as the rule's name and what is wrong with it.
 */
import type { Rule } from '../../../../src/contract/domain';

export function ruleErrorLines(errors: Record<string, string>, rules: Rule[]): string[] {
  return Object.entries(errors).map(([path, message]) => {
    const rule = /^rules\.(\d+)\./.exec(path);
    if (rule !== null) {
      const index = Number(rule[1]);
      const name = rules[index]?.name ?? '';
      return `Rule ${index + 1}${name === '' ? '' : ` "${name}"`} ${message}`;
    }
    const list = /^userLists\.(\d+)\./.exec(path);
    if (list !== null) return `User list ${Number(list[1]) + 1} ${message}`;
    return message;
  });
}
