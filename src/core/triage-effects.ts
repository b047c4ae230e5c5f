/**
 * What the triage rules' single-valued actions actually did to an issue. A rule can name an issue
 * type or priority this Jira does not have (the payload then leaves it to the project's default
 * rather than risk a 400 for the whole issue), and Jira can refuse an assignee at create time
 * (the issue writer then creates the issue without it). The description must say which actions
 * were applied and which were refused and why, never report a refused one as set.
 */
import type { JiraTarget } from './config';
import type { TriageOutcome } from './rules/outcome';

/** Where an admin fixes a rule, named the way the settings page names it. */
export const RULES_TAB_ADVICE = "Fix the rule in the app's Triage rules tab.";

export interface RefusedAction {
  /** The clause as the rule engine writes it, e.g. "issue type Incident". */
  clause: string;
  rule: string;
  reason: string;
}

/** Jira field ids whose refusal is a triage rule's doing, with the action's name. */
export const RULE_FIELDS = { assignee: 'assignee', priority: 'priority', issuetype: 'issue type' };

export function refusedActions(
  triage: TriageOutcome,
  target: JiraTarget,
  /** Fields Jira refused at create time (id → Jira's message), sent again without them. */
  refusedFields: Record<string, string> = {},
): RefusedAction[] {
  const refused: RefusedAction[] = [];
  const { issueType, priority, assignee } = triage;
  if (issueType !== undefined) {
    const known = target.issueTypeIds[issueType.value.toLowerCase()] !== undefined;
    const reason = !known
      ? `the project has no issue type of that name, so the issue has the project's configured type`
      : refusedFields.issuetype !== undefined
        ? `Jira refused it (${refusedFields.issuetype})`
        : undefined;
    if (reason !== undefined) {
      refused.push({ clause: `issue type ${issueType.value}`, rule: issueType.rule, reason });
    }
  }
  if (priority !== undefined) {
    const known = target.priorityIds[priority.value.toLowerCase()] !== undefined;
    const reason = !known
      ? 'Jira has no priority of that name, so the issue has the priority of its severity'
      : refusedFields.priority !== undefined
        ? `Jira refused it (${refusedFields.priority})`
        : undefined;
    if (reason !== undefined) {
      refused.push({ clause: `priority ${priority.value}`, rule: priority.rule, reason });
    }
  }
  if (assignee !== undefined && refusedFields.assignee !== undefined) {
    refused.push({
      clause: `assignee ${assignee.value}`,
      rule: assignee.rule,
      reason: `Jira refused it (${refusedFields.assignee}), so the issue is unassigned`,
    });
  }
  return refused;
}

/**
 * The rule engine's explanations without the clauses that were not applied: "rule 'R' set
 * priority High, issue type Incident" becomes "rule 'R' set priority High" when the type was
 * refused. An explanation left with nothing to say is dropped.
 */
export function appliedExplanations(explanations: string[], refused: RefusedAction[]): string[] {
  return explanations
    .map((explanation) => {
      let result = explanation;
      for (const { clause, rule } of refused) {
        if (!result.startsWith(`rule '${rule}' `)) continue;
        result = result
          .replace(`, ${clause}`, '')
          .replace(`set ${clause}, `, 'set ')
          .replace(`set ${clause}; `, '')
          .replace(`; set ${clause}`, '')
          .replace(` set ${clause}`, '');
      }
      return result;
    })
    .filter((explanation) => !/^rule '.*'$/.test(explanation));
}

export function refusalSentence({ clause, rule, reason }: RefusedAction): string {
  return `${clause} (rule '${rule}'): ${reason}. ${RULES_TAB_ADVICE}`;
}
