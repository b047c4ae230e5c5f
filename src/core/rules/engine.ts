/**
 * The triage rule engine: what a project's rules decide for one alert.
 *
 * Semantics:
 * - Rules are tried in the order the project lists them. Disabled rules are skipped.
 * - A rule matches when ALL its conditions hold. A rule with no conditions matches every alert.
 * - For each single-valued action — priority, category (its sub-category goes with it: only the
 *   rule that sets the category can set the sub-category), assignee, issue type — the first
 *   matching rule that sets it wins. Later rules cannot override it.
 * - Labels from every matching rule are added, without duplicates, in the order first seen.
 * - When no rule sets a priority, the outcome leaves it unset and the issue takes the priority
 *   that the project's severity map gives (the payload builder applies that map).
 * - Group repeats (single-valued, the first matching rule that sets it wins): the alert joins an
 *   open issue of the same group younger than the rule's window as a comment instead of a new
 *   issue (`core/grouping.ts` says what a group is, `sync/group-repeats.ts` finds the issue).
 * - Suppress wins over everything: `suppressedBy` names the first matching rule with
 *   `suppress: true`, and no issue is created. Evaluation still runs every rule, so the
 *   explanations show what the other matching rules would have done.
 * - Explanations: one sentence per matching rule that contributed something, e.g.
 *   "rule 'Staff leaked credentials' set priority Highest, category Compromised user",
 *   "rule 'X' added labels a, b", "rule 'Y' suppressed the alert". A matching rule whose actions
 *   were all taken by earlier rules contributes nothing and gets no sentence.
 * - Conditions never throw: a stored title pattern that no longer compiles matches nothing, and a
 *   user list that does not exist contains nobody.
 *
 * Rules are named by their `name` in the outcome (`rule`, `suppressedBy`): that is what an admin
 * recognises in the settings page and the issue.
 */
import type { Alert, IpFinding } from '../model';
import type { ConditionContext, PatternCache } from './conditions';
import { conditionHolds } from './conditions';
import { describeCategory, describeGrouping } from './describe';
import type { TriageOutcome } from './outcome';
import type { Rule, UserList } from './schema';
import { DEFAULT_GROUP_WINDOW_HOURS } from './schema';

export { describeCondition } from './describe';

export interface TriageInput {
  rules: Rule[];
  userLists: UserList[];
  alert: Alert;
  findings: IpFinding[];
}

/** The outcome together with every enabled rule that matched, contributing or not. */
export interface TriageTrace {
  outcome: TriageOutcome;
  matchedRules: Rule[];
}

export function evaluateRules(input: TriageInput): TriageOutcome {
  return traceRules(input).outcome;
}

/**
 * Whether all of the rule's conditions hold for the alert, whether or not the rule is enabled
 * (the editor tests draft rules before switching them on).
 */
export function ruleMatches(rule: Rule, input: Omit<TriageInput, 'rules'>): boolean {
  return allConditionsHold(rule, input, new Map());
}

/**
 * `evaluateRules` with the list of matching rules. Pass one `patterns` cache to evaluate many
 * alerts against the same rules with each title pattern compiled once.
 */
export function traceRules(input: TriageInput, patterns: PatternCache = new Map()): TriageTrace {
  const outcome: TriageOutcome = { labels: [], explanations: [] };
  const matchedRules: Rule[] = [];
  for (const rule of input.rules) {
    if (!rule.enabled || !allConditionsHold(rule, input, patterns)) continue;
    matchedRules.push(rule);
    const explanation = applyActions(rule, outcome);
    if (explanation !== undefined) outcome.explanations.push(explanation);
  }
  return { outcome, matchedRules };
}

function allConditionsHold(rule: Rule, context: ConditionContext, patterns: PatternCache): boolean {
  return rule.conditions.every((c) => conditionHolds(c, context, patterns));
}

/** Takes from the rule what earlier rules left open; says what it took, if anything. */
function applyActions(rule: Rule, outcome: TriageOutcome): string | undefined {
  const { actions, name } = rule;
  const clauses: string[] = [];

  if (actions.suppress === true && outcome.suppressedBy === undefined) {
    outcome.suppressedBy = name;
    clauses.push('suppressed the alert');
  }

  const set: string[] = [];
  if (actions.priority !== undefined && outcome.priority === undefined) {
    outcome.priority = { value: actions.priority, rule: name };
    set.push(`priority ${actions.priority}`);
  }
  if (actions.category !== undefined && outcome.category === undefined) {
    outcome.category = {
      value: actions.category,
      ...(actions.subCategory !== undefined && { subCategory: actions.subCategory }),
      rule: name,
    };
    set.push(`category ${describeCategory(actions.category, actions.subCategory)}`);
  }
  if (actions.assignee !== undefined && outcome.assignee === undefined) {
    outcome.assignee = { value: actions.assignee, rule: name };
    set.push(`assignee ${actions.assignee}`);
  }
  if (actions.issueType !== undefined && outcome.issueType === undefined) {
    outcome.issueType = { value: actions.issueType, rule: name };
    set.push(`issue type ${actions.issueType}`);
  }
  if (set.length > 0) clauses.push(`set ${set.join(', ')}`);
  if (actions.group !== undefined && outcome.group === undefined) {
    const windowHours = actions.group.windowHours ?? DEFAULT_GROUP_WINDOW_HOURS;
    outcome.group = { by: actions.group.by, windowHours, rule: name };
    clauses.push(`grouped repeats ${describeGrouping(actions.group.by, windowHours)}`);
  }

  const added: string[] = [];
  for (const label of actions.labels ?? []) {
    if (!outcome.labels.includes(label)) {
      outcome.labels.push(label);
      added.push(label);
    }
  }
  if (added.length > 0) {
    clauses.push(`added ${added.length === 1 ? 'label' : 'labels'} ${added.join(', ')}`);
  }

  return clauses.length > 0 ? `rule '${name}' ${clauses.join('; ')}` : undefined;
}
