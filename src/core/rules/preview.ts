/**
 * "What would these rules do?" for the settings page: the rules being edited run against recent
 * alerts, and each alert gets one row saying what its issue would get and why.
 */
import type { Alert, IpFinding, Severity } from '../model';
import type { PatternCache } from './conditions';
import { describeCategory } from './describe';
import { traceRules } from './engine';
import type { Rule, UserList } from './schema';

export interface PreviewRow {
  alertId: string;
  tenantId: string;
  title: string;
  severity: Severity;
  /** Names of every enabled rule that matched, in rule order, whether it contributed or not. */
  matchedRules: string[];
  /** Unset when no rule sets one: the project's severity map then decides. */
  priority?: string | undefined;
  /** The category's label with its sub-category, e.g. "Information gathering (Brute force)". */
  category?: string | undefined;
  labels: string[];
  assignee?: string | undefined;
  issueType?: string | undefined;
  suppressedBy?: string | undefined;
  explanation: string;
}

export function previewRules(
  rules: Rule[],
  userLists: UserList[],
  alerts: Array<{ alert: Alert; findings: IpFinding[] }>,
): PreviewRow[] {
  const patterns: PatternCache = new Map();
  return alerts.map(({ alert, findings }) => {
    const { outcome, matchedRules } = traceRules({ rules, userLists, alert, findings }, patterns);
    const sentences = [...outcome.explanations];
    if (matchedRules.length === 0) sentences.push('no rule matched');
    else if (sentences.length === 0) sentences.push('matching rules changed nothing');
    if (outcome.suppressedBy === undefined && outcome.priority === undefined) {
      sentences.push('priority from the severity map');
    }
    return {
      alertId: alert.id,
      tenantId: alert.tenantId,
      title: alert.title,
      severity: alert.severity,
      matchedRules: matchedRules.map((rule) => rule.name),
      priority: outcome.priority?.value,
      category:
        outcome.category && describeCategory(outcome.category.value, outcome.category.subCategory),
      labels: outcome.labels,
      assignee: outcome.assignee?.value,
      issueType: outcome.issueType?.value,
      suppressedBy: outcome.suppressedBy,
      explanation: sentences.join('; '),
    };
  });
}
