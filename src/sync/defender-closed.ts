/**
 * Defender → Jira (issue 16): when someone closes or dismisses an app issue's alert in Defender,
 * the issue gets one comment saying who, how and when (as far as Defender tells), and, if the
 * admin chose one, a transition. The check runs at most once an hour per tenant and stays within
 * the call budgets: open issues come from one search per 100, and Defender is asked about them in
 * batches of 100 ids (MCAS) or for the alerts resolved since the last check only (Graph).
 */
import { describeError } from '../clients/errors';
import { adfDoc, paragraph, text } from '../core/adf';
import { ALERT_PROPERTY_KEY } from '../core/model';
import type { DefenderClosedMove } from '../core/write-back';
import { defenderClosedMove, needsTransitions } from '../core/write-back';
import { keys } from '../core/storage-keys';
import type { TenantRef } from '../core/storage-keys';
import { z } from 'zod';
import type { Store } from '../ports';
import type { DefenderClosure } from './alert-writer';
import type { WriteBackScope } from './write-back';
import { trustedIssues, writeBackIssue } from './write-back';

/** How often a tenant's open issues are compared with Defender. */
export const DEFENDER_CHECK_INTERVAL_MS = 3_600_000;
/** Open issues compared per check (5 searches, and 5 MCAS calls of 100 ids). */
export const DEFENDER_CHECK_LIMIT = 500;

const LastCheck = z.object({ at: z.number().int() });

export interface DefenderCheckCounts {
  /** Issues whose alert was found closed in Defender and commented. */
  noticed: number;
  errors: string[];
}

/**
 * The comment: who, how and when, each as far as Defender tells, and, when the admin picked a
 * status the issue's workflow cannot reach from where it is, that it stays (said in the same,
 * single comment).
 */
export function defenderClosedText(
  alertId: string,
  closure: DefenderClosure,
  move: DefenderClosedMove = { kind: 'stay' },
): string {
  const by = closure.by ? ` by ${closure.by}` : '';
  const at = closure.at ? ` on ${closure.at}` : '';
  const stays =
    move.kind === 'noTransition'
      ? ` The issue stays in its status: its workflow offers no transition to "${move.statusName}" from it.`
      : '';
  return `Alert ${alertId} was ${closure.how} in Defender${by}${at}. The app will not close it again.${stays}`;
}

export async function checkDefenderClosed(
  scope: WriteBackScope,
  store: Store,
  ref: TenantRef,
  options: { force?: boolean } = {},
): Promise<DefenderCheckCounts> {
  const counts: DefenderCheckCounts = { noticed: 0, errors: [] };
  const now = scope.clock.now();
  const last = await store.get(keys.defenderCheck(ref), LastCheck);
  if (!options.force && last !== undefined && now - last.at < DEFENDER_CHECK_INTERVAL_MS)
    return counts;
  // First check: alerts changed in the last day (Graph reads only what changed since).
  const since = last?.at ?? now - 86_400_000;

  const open = await scope.jira.searchJql(
    `project = ${JSON.stringify(scope.project.projectKey)} AND mcasTenant = ${JSON.stringify(scope.tenant.id)} AND statusCategory != Done ORDER BY created ASC`,
    {
      fields: ['status', 'resolution'],
      properties: [ALERT_PROPERTY_KEY],
      maxResults: DEFENDER_CHECK_LIMIT,
    },
  );
  const issues = (
    await trustedIssues(
      scope,
      open.map(writeBackIssue).filter((i) => i !== undefined),
    )
  ).filter(
    (issue) =>
      issue.property.tenantId === scope.tenant.id &&
      !issue.done &&
      issue.property.writeBack?.defenderClosed === undefined &&
      // The app's own closure: in flight, or kept in Defender when MCAS could not reopen it.
      issue.property.writeBack?.state !== 'sending' &&
      issue.property.writeBack?.reopenNoted !== true,
  );
  if (issues.length > 0) {
    const writer = await scope.writer();
    const closed = await writer.closedInDefender(
      issues.map((issue) => ({
        alertId: issue.property.alertId,
        timestamp: issue.property.timestamp,
      })),
      since,
    );
    const settings = scope.project.writeBack;
    for (const issue of issues) {
      const closure = closed.get(issue.property.alertId);
      if (!closure) continue;
      try {
        // A status the admin picked: the issue's own transitions say how to get there (one
        // read per issue noticed, none when it only comments or is already there).
        const offered = needsTransitions(settings, issue.statusId)
          ? await scope.jira.issueTransitions(issue.key)
          : undefined;
        const move = defenderClosedMove(settings, issue.statusId, offered);
        await scope.jira.addComment(
          issue.key,
          adfDoc([paragraph([text(defenderClosedText(issue.property.alertId, closure, move))])]),
        );
        // Recorded right after the comment: the next check skips the issue, and a resolution
        // that follows sends nothing back to Defender (state `defenderClosed`).
        await scope.jira.setIssueProperty(issue.key, ALERT_PROPERTY_KEY, {
          ...issue.stored,
          writeBack: { state: 'defenderClosed', attempts: 0, at: now, defenderClosed: closure },
        });
        counts.noticed += 1;
        if (move.kind === 'transition')
          await scope.jira.transitionIssue(issue.key, move.transitionId);
      } catch (error) {
        counts.errors.push(`Defender status: ${issue.key}: ${describeError(error)}`);
      }
    }
  }
  await store.set(keys.defenderCheck(ref), { at: now });
  return counts;
}
