/**
 * Saving triage rules checks them against what they name, so a rule cannot promise an action
 * the sync will not take: issue types must be on the project's create screen, priorities must
 * exist in Jira, user lists must exist in the project config, and tenants must be the project's.
 *
 * Only rules that are new or changed since the stored config are checked: a type deleted in Jira
 * later must not block saving another tab (the issue description reports that case instead).
 *
 * Assignees are asked of Jira one by one (`/rest/api/3/user/assignable/search`, the read:jira-user
 * scope): a rule may only assign to someone Jira lets be assigned issues in the project. If that
 * changes later (the account leaves the project), the issue and the run still say the assignee was
 * refused (core/triage-effects.ts).
 */
import { screenPriorities } from '../clients/jira-types';
import type { JiraClient } from '../clients/jira';
import type { ProjectConfig } from '../core/config';
import type { Rule } from '../core/rules/schema';

/** Field errors keyed by the path inside the config ("rules.2.actions.issueType"). */
export type RuleProblems = Record<string, string>;

function changedRules(config: ProjectConfig, stored: ProjectConfig | undefined): Set<number> {
  const before = new Map((stored?.rules ?? []).map((rule) => [rule.id, JSON.stringify(rule)]));
  const changed = new Set<number>();
  config.rules.forEach((rule, index) => {
    if (before.get(rule.id) !== JSON.stringify(rule)) changed.add(index);
  });
  return changed;
}

function names(items: { name: string }[]): string {
  const shown = items.slice(0, 8).map((item) => item.name);
  return shown.join(', ') + (items.length > shown.length ? ', …' : '');
}

function known(items: { id: string; name: string }[], wanted: string): boolean {
  const lower = wanted.toLowerCase();
  return items.some((item) => item.id === wanted || item.name.toLowerCase() === lower);
}

export async function checkRules(
  jira: JiraClient,
  config: ProjectConfig,
  stored: ProjectConfig | undefined,
  tenantIds: string[],
): Promise<RuleProblems> {
  const changed = changedRules(config, stored);
  const checked: Array<[number, Rule]> = config.rules
    .map((rule, index): [number, Rule] => [index, rule])
    .filter(([index]) => changed.has(index));
  const problems: RuleProblems = {};
  if (checked.length === 0) return problems;

  // Jira is asked only when a changed rule names an issue type or a priority.
  const needsTypes = checked.some(([, rule]) => rule.actions.issueType !== undefined);
  const needsPriorities = checked.some(([, rule]) => rule.actions.priority !== undefined);
  const issueTypes =
    needsTypes || needsPriorities ? await jira.getCreateMetaIssueTypes(config.projectId) : [];
  // The priorities an issue can get are those of the create screen's Priority field.
  const configuredType = issueTypes.find(
    (type) =>
      type.id === config.issueType || type.name.toLowerCase() === config.issueType.toLowerCase(),
  );
  const priorities =
    needsPriorities && configuredType
      ? screenPriorities(await jira.getCreateMetaFields(config.projectId, configuredType.id))
      : [];
  const listNames = new Set(config.userLists.map((list) => list.name.toLowerCase()));
  const tenants = new Set(tenantIds);

  const assignees = [...new Set(checked.flatMap(([, rule]) => rule.actions.assignee ?? []))];
  const assignable = new Map(
    await Promise.all(
      assignees.map(
        async (accountId) =>
          [accountId, await jira.isAssignable(config.projectKey, accountId)] as const,
      ),
    ),
  );

  for (const [index, rule] of checked) {
    const { issueType, priority, assignee } = rule.actions;
    if (assignee !== undefined && assignable.get(assignee) === false) {
      problems[`rules.${index}.actions.assignee`] =
        `assigns to account ${assignee}, who cannot be assigned issues in project ${config.projectKey}.` +
        ' Give an account id of someone who works in the project, or remove the action.';
    }
    if (issueType !== undefined && !known(issueTypes, issueType)) {
      problems[`rules.${index}.actions.issueType`] =
        `sets issue type "${issueType}", which project ${config.projectKey} does not have` +
        (issueTypes.length > 0 ? ` (it has ${names(issueTypes)}).` : '.') +
        ' Choose one of its issue types or remove the action.';
    }
    if (priority !== undefined && !known(priorities, priority)) {
      problems[`rules.${index}.actions.priority`] =
        `sets priority "${priority}", which Jira does not have` +
        (priorities.length > 0 ? ` (it has ${names(priorities)}).` : '.') +
        ' Choose one of its priorities.';
    }
    rule.conditions.forEach((condition, at) => {
      if (condition.type === 'userList' && !listNames.has(condition.list.toLowerCase())) {
        problems[`rules.${index}.conditions.${at}.list`] =
          `uses user list "${condition.list}", which does not exist. Add it under User lists or choose an existing list.`;
      }
      if (condition.type === 'tenant') {
        const unknown = condition.tenantIds.filter((id) => !tenants.has(id));
        if (unknown.length > 0) {
          problems[`rules.${index}.conditions.${at}.tenantIds`] =
            `names tenant ${unknown.map((id) => `"${id}"`).join(', ')}, which this project does not have. Choose tenants from the list.`;
        }
      }
    });
  }
  return problems;
}
