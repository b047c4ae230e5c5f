/**
 * Rule action "group repeats" (issue 16): a claimed alert whose group (core/grouping.ts) has an
 * open issue younger than the rule's window becomes a comment on that issue, and the issue's
 * `mcas.alert` property counts it (`repeats`, JQL `mcasRepeats`) and records its id
 * (`groupedAlertIds`, what the write-back closes).
 *
 * How the open issue is found: an app-owned index in KVS, `group:<projectId>:<tenantId>:<digest>`
 * → `{ issueKey, created, generation }`, checked against Jira with one `GET /issue/{key}` (it may
 * have been resolved or deleted since). Per repeat that is 1 KVS read + 3 Jira calls (read the
 * issue, comment, set the property). A JQL search on the aliases would cost the same one Jira call
 * for the look-up but Jira's search is eventually consistent: an issue created a moment ago by
 * this run or another is not found yet, and the repeat would open a second issue. The KVS index
 * is read-your-writes and, with a create-if-absent lock per generation, serialises two runs.
 *
 * Exactly once, each step recoverable (the alert's claim stays `claimed` until the last one):
 * 1. comment (carries `repeatMarker(alertId)`), 2. property (counter + id), 3. claim `grouped`.
 * A run that dies after 1 or 2 leaves a stale claim; the later run that takes it over reads the
 * property (id there → only the claim is written) or the newest comments (marker there → no new
 * comment) before doing what is left.
 *
 * Two runs: an alert is only ever handled by the run holding its claim. The first alert of a
 * group takes `group:…:<digest>.g<n>` create-if-absent and creates generation n's issue; an alert
 * of the same group meeting a lock another run holds leaves its claim `claimed` (a later run
 * groups it once the issue is recorded), one meeting a lock an earlier alert of the same flush
 * holds waits for that create. Known limit: two runs of one tenant commenting on one issue at the
 * same moment both rewrite the property from what they read, so one id can be lost from
 * `groupedAlertIds` (both comments stay). On Forge a tenant's syncs are one queue event at a time,
 * so only overlapping CLI runs can meet it.
 */
import { z } from 'zod';
import { RequestRejectedError } from '../clients/errors';
import type { AlertGroup } from '../core/grouping';
import { groupOf, mayJoin, withRepeat } from '../core/grouping';
import type { AlertProperty, IpFinding } from '../core/model';
import { ALERT_PROPERTY_KEY, AlertProperty as AlertPropertySchema } from '../core/model';
import { buildRepeatComment, isRepeatCommentOf } from '../core/repeat-comment';
import { CLAIM_TTL_SECONDS } from '../core/retention';
import type { TriageOutcome } from '../core/rules/outcome';
import { keys } from '../core/storage-keys';
import type { StoreWrite } from '../ports';
import { STALE_CLAIM_MS } from './claim-ledger';
import type { Candidate, RunContext } from './run-context';

/** The open issue of a group, as the index keeps it. */
export const RepeatGroup = z.object({
  /** `AlertGroup.identity`: a digest clash is caught by comparing it. */
  identity: z.string(),
  generation: z.number().int().positive(),
  issueKey: z.string(),
  /** Unix ms when the app created the issue: the window counts from it. */
  created: z.number().int(),
});
export type RepeatGroup = z.infer<typeof RepeatGroup>;

/** Who creates a generation's issue. */
const GroupLock = z.object({ alertId: z.string(), at: z.number().int() });

/** Comments read back when looking for a repeat's marker: the newest, where it would be. */
const COMMENTS_SEARCHED = 100;

/** The group generation an alert creates the issue of: recorded with the issue it creates. */
export interface GroupOwnership {
  ref: { lockKey: string; headKey: string };
  group: AlertGroup;
  generation: number;
  alertId: string;
}

export type RepeatDecision =
  /** Create an issue; `owns` when it becomes the group's open issue. */
  | { kind: 'create'; owns?: GroupOwnership }
  | { kind: 'grouped'; issueKey: string; rule: string }
  /** An earlier alert of this flush creates the group's issue: try again after it. */
  | { kind: 'deferred' }
  /** Another run creates the group's issue now: the claim stays, a later run groups it. */
  | { kind: 'in-progress' }
  | { kind: 'refused'; message: string };

export interface RepeatItem extends Candidate {
  findings: IpFinding[];
  triage: TriageOutcome;
}

/**
 * What becomes of one claimed alert whose triage groups repeats. `locksThisFlush` holds the lock
 * keys taken by alerts of the same flush (shared across the calls of one flush).
 */
export async function decideRepeat(
  context: RunContext,
  item: RepeatItem,
  locksThisFlush: Set<string>,
  /** Set on the second look, after the index was repaired: never a third. */
  repaired = false,
): Promise<RepeatDecision> {
  const grouping = item.triage.group;
  if (grouping === undefined) return { kind: 'create' };
  const { deps, ref, jira, tenant } = context;
  const { store, clock } = deps;
  const { alert } = item;
  const group = groupOf(alert, grouping.by);
  const headKey = keys.repeatGroup(ref, group.digest);
  const head = await store.get(headKey, RepeatGroup);
  let generation = 1;
  if (head !== undefined) {
    // A digest clash: the two groups are told apart, and this alert simply gets its own issue.
    if (head.identity !== group.identity) return { kind: 'create' };
    const issue = await jira.getIssue(head.issueKey, {
      fields: ['status', 'resolution'],
      properties: [ALERT_PROPERTY_KEY],
    });
    const property = AlertPropertySchema.safeParse(issue?.properties?.[ALERT_PROPERTY_KEY]);
    const facts =
      issue === undefined
        ? undefined
        : {
            resolved: isResolved(issue.fields),
            created: head.created,
            property: property.success ? property.data : undefined,
          };
    // Recorded by a run that died before its claim: only the claim is left to write.
    if (facts?.property?.groupedAlertIds?.includes(alert.id) === true)
      return { kind: 'grouped', issueKey: head.issueKey, rule: grouping.rule };
    const verdict = mayJoin(facts, tenant.id, grouping.windowHours, clock.now());
    if (verdict.join && facts?.property !== undefined)
      return join(context, item, head.issueKey, facts.property, grouping.rule);
    generation = head.generation + 1;
  }

  const lockKey = keys.repeatGroupLock(ref, group.digest, generation);
  const owns: GroupOwnership = {
    ref: { lockKey, headKey },
    group,
    generation,
    alertId: alert.id,
  };
  if (locksThisFlush.has(lockKey)) return { kind: 'deferred' };
  if (await store.setIfAbsent(lockKey, { alertId: alert.id, at: clock.now() })) {
    locksThisFlush.add(lockKey);
    return { kind: 'create', owns };
  }
  const holder = await store.get(lockKey, GroupLock);
  const holderIsStale = holder !== undefined && clock.now() - holder.at >= STALE_CLAIM_MS;
  if (holder !== undefined && holder.alertId !== alert.id && holderIsStale && !repaired) {
    // The holder's run died after its create and before recording the group; the reconcile (by
    // search) has since given its claim the issue. Point the group at that issue, decide again.
    const claim = (await context.ledger.read([holder.alertId])).get(holder.alertId);
    if (claim?.state === 'created' && claim.issueKey !== undefined) {
      await store.setMany(
        ownershipWrites({ ...owns, alertId: holder.alertId }, claim.issueKey, claim.at),
      );
      return decideRepeat(context, item, locksThisFlush, true);
    }
  }
  // Ours from an earlier attempt (refused, or a run that died): this alert still creates it. A
  // holder that never recorded its issue within a stale claim's time died with it: take over.
  if (holder === undefined || holder.alertId === alert.id || holderIsStale) {
    locksThisFlush.add(lockKey);
    return { kind: 'create', owns };
  }
  return { kind: 'in-progress' };
}

/** The index entries an owning alert's issue writes, in the batch with its claim. */
export function ownershipWrites(owns: GroupOwnership, issueKey: string, now: number): StoreWrite[] {
  const head: RepeatGroup = {
    identity: owns.group.identity,
    generation: owns.generation,
    issueKey,
    created: now,
  };
  return [
    // Both with the claims' retention (docs/security.md): a group outlives no alert of it.
    { key: owns.ref.headKey, value: RepeatGroup.parse(head), ttlSeconds: CLAIM_TTL_SECONDS },
    {
      key: owns.ref.lockKey,
      value: GroupLock.parse({ alertId: owns.alertId, at: now }),
      ttlSeconds: CLAIM_TTL_SECONDS,
    },
  ];
}

async function join(
  context: RunContext,
  item: RepeatItem,
  issueKey: string,
  property: AlertProperty,
  rule: string,
): Promise<RepeatDecision> {
  const { jira } = context;
  const { alert } = item;
  // Only an alert taken over from an earlier attempt can have commented already.
  const mayHaveCommented = item.attempts > 0 || item.recovering === true;
  try {
    const comments = mayHaveCommented
      ? await jira.recentComments(issueKey, COMMENTS_SEARCHED)
      : undefined;
    if (!(comments ?? []).some(({ body }) => isRepeatCommentOf(body, alert.id))) {
      const repeatNumber = (property.groupedAlertIds ?? []).length + 1;
      await jira.addComment(issueKey, buildRepeatComment(alert, item.findings, repeatNumber, rule));
    }
    await jira.setIssueProperty(issueKey, ALERT_PROPERTY_KEY, withRepeat(property, alert.id));
  } catch (error) {
    // Jira refused (e.g. the issue moved to a project the app cannot edit): retried next run.
    if (error instanceof RequestRejectedError)
      return { kind: 'refused', message: `Could not group into ${issueKey}: ${error.message}` };
    throw error;
  }
  return { kind: 'grouped', issueKey, rule };
}

const IssueState = z.object({
  resolution: z.unknown().optional(),
  status: z
    .object({ statusCategory: z.object({ key: z.string() }).optional() })
    .nullish()
    .catch(undefined),
});

/** Resolved, or its status is in the Done category (a workflow may set no resolution). */
function isResolved(fields: Record<string, unknown>): boolean {
  const state = IssueState.safeParse(fields);
  if (!state.success) return false;
  const { resolution, status } = state.data;
  return (
    (resolution !== undefined && resolution !== null) || status?.statusCategory?.key === 'done'
  );
}
