/**
 * Creates issues in bulk (≤ 50 a call, as Jira allows) and keeps one bad field from costing an
 * alert its issue: when Jira refuses only mapped custom fields of an element, that element is
 * sent once more without them and the refusal is reported so the admin can fix the mapping.
 * Refusals of what an issue cannot do without (project, type, summary) are returned as rejected.
 * The caller may rebuild the element for the second try, so that its description says what was
 * refused (a rule's assignee Jira would not take is not reported as set).
 */
import type { JiraClient } from '../clients/jira';
import { JIRA_BULK_CREATE_LIMIT } from '../clients/jira';
import type { IssueCreate, RejectedIssue } from '../clients/jira-types';

/** Fields an issue cannot be created without: a refusal of these rejects the alert. */
const ESSENTIAL_FIELDS = new Set(['project', 'issuetype', 'summary']);

export type WriteResult =
  | { ok: true; key: string; id: string; droppedFields: Record<string, string> }
  | { ok: false; rejection: RejectedIssue };

export interface WriteOutcome {
  /** One per issue; undefined where the outcome is unknown (the failing call, or never sent). */
  results: Array<WriteResult | undefined>;
  /** The error that stopped the writing: everything decided before it is in `results`. */
  failure?: Error;
}

/**
 * Chunks of 50. When a call fails (Jira down, a dropped connection), the chunks already created
 * are still returned, so the caller records them at once instead of leaving them to the search.
 */
/** The element at `index` again, without the refused fields (field id → Jira's message). */
export type RebuildWithout = (index: number, refused: Record<string, string>) => IssueCreate;

export async function createIssues(
  jira: JiraClient,
  issues: IssueCreate[],
  rebuild?: RebuildWithout,
): Promise<WriteOutcome> {
  const results = new Array<WriteResult | undefined>(issues.length).fill(undefined);
  try {
    await writeChunks(jira, issues, results, rebuild);
    return { results };
  } catch (failure) {
    return { results, failure: failure instanceof Error ? failure : new Error(String(failure)) };
  }
}

async function writeChunks(
  jira: JiraClient,
  issues: IssueCreate[],
  results: Array<WriteResult | undefined>,
  rebuild: RebuildWithout | undefined,
): Promise<void> {
  for (let start = 0; start < issues.length; start += JIRA_BULK_CREATE_LIMIT) {
    const chunk = issues.slice(start, start + JIRA_BULK_CREATE_LIMIT);
    const first = await jira.bulkCreate(chunk);
    for (const created of first.created) {
      results[start + created.index] = {
        ok: true,
        key: created.key,
        id: created.id,
        droppedFields: {},
      };
    }

    const retries: Array<{ index: number; issue: IssueCreate; dropped: Record<string, string> }> =
      [];
    for (const rejection of first.rejected) {
      const issue = chunk[rejection.index];
      const refused = Object.keys(rejection.fieldErrors);
      const droppable =
        issue !== undefined &&
        refused.length > 0 &&
        refused.every((field) => !ESSENTIAL_FIELDS.has(field) && field in issue.fields);
      if (issue && droppable) {
        const rebuilt = rebuild?.(start + rejection.index, rejection.fieldErrors) ?? issue;
        const fields = { ...rebuilt.fields };
        for (const field of refused) delete fields[field];
        retries.push({
          index: rejection.index,
          issue: { ...rebuilt, fields },
          dropped: rejection.fieldErrors,
        });
      } else {
        results[start + rejection.index] = { ok: false, rejection };
      }
    }
    if (retries.length === 0) continue;

    const second = await jira.bulkCreate(retries.map((retry) => retry.issue));
    for (const created of second.created) {
      const retry = retries[created.index];
      if (retry) {
        results[start + retry.index] = {
          ok: true,
          key: created.key,
          id: created.id,
          droppedFields: retry.dropped,
        };
      }
    }
    for (const rejection of second.rejected) {
      const retry = retries[rejection.index];
      if (retry)
        results[start + retry.index] = {
          ok: false,
          rejection: { ...rejection, index: retry.index },
        };
    }
  }
}
