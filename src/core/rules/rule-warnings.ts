/**
 * Warnings about a rule list that saves but does not do what it seems to: two rules with the same
 * name (the preview and the issue text name rules by name, so they cannot be told apart), and a
 * rule that an earlier enabled rule with the same conditions shadows (for each single-valued
 * action the first matching rule wins: engine.ts), so its actions never apply.
 */
import type { Rule, RuleActions } from './schema';

const SINGLE_VALUED: Array<keyof RuleActions> = ['priority', 'category', 'assignee', 'issueType'];

function sameConditions(a: Rule, b: Rule): boolean {
  const key = (rule: Rule) =>
    JSON.stringify(rule.conditions.map((condition) => JSON.stringify(condition)).sort());
  return key(a) === key(b);
}

/** One warning per rule id that needs one, in plain words. */
export function ruleWarnings(rules: Rule[]): Record<string, string> {
  const warnings: Record<string, string> = {};
  rules.forEach((rule, index) => {
    const earlier = rules.slice(0, index);
    const namesake = earlier.find(
      (other) => other.name.trim().toLowerCase() === rule.name.trim().toLowerCase(),
    );
    if (namesake !== undefined) {
      warnings[rule.id] =
        `Has the same name as rule ${rules.indexOf(namesake) + 1}: give it a name of its own, or the preview and the issues cannot tell them apart.`;
      return;
    }
    if (!rule.enabled) return;
    const shadow = earlier.find((other) => other.enabled && sameConditions(other, rule));
    if (shadow === undefined) return;
    const sets = SINGLE_VALUED.filter((action) => rule.actions[action] !== undefined);
    const taken = sets.filter((action) => shadow.actions[action] !== undefined);
    const addsLabels = (rule.actions.labels ?? []).length > 0;
    if (sets.length > 0 && taken.length === sets.length && !addsLabels) {
      warnings[rule.id] =
        `Never applies: rule ${rules.indexOf(shadow) + 1} "${shadow.name}" has the same conditions and comes first, and the first matching rule wins. Move this rule up or change its conditions.`;
    }
  });
  return warnings;
}
