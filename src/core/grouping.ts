/**
 * "Group repeats" (issue 16): what makes two alerts one group, when an open issue still takes
 * repeats, and what its `mcas.alert` property says once it has. Pure; `sync/group-repeats.ts`
 * does the storage and Jira calls.
 *
 * A group is a tenant plus either the alert title and its affected users, or (Graph tenants, rule
 * "by incident") the Defender incident id. An MCAS alert has no incident id: "by incident"
 * groups it by title and user instead, so a rule shared by both kinds of tenant still works.
 */
import { digest64 } from './digest';
import type { Alert, AlertProperty } from './model';
import type { GroupRepeats } from './rules/schema';

/**
 * The ids a property records at most. Jira keeps an entity property to 32 KB; 200 ids of up to
 * 64 characters stay under 14 KB with the rest of `mcas.alert`. A group that reaches it starts a
 * new issue, so every grouped alert id stays recorded for the write-back to close.
 */
export const MAX_GROUPED_ALERTS = 200;

export interface AlertGroup {
  /** What the alerts of the group share, spelled out: compared on read so a hash clash is harmless. */
  identity: string;
  /** 16 hex digits of `identity`: the part of the storage key that names the group. */
  digest: string;
}

/** The group an alert belongs to under a rule's `by`. */
export function groupOf(alert: Alert, by: GroupRepeats['by']): AlertGroup {
  const identity =
    by === 'incident' && alert.incidentId !== undefined
      ? `incident\n${alert.incidentId}`
      : `title\n${alert.title.trim()}\n${[...alert.users].sort().join(',')}`;
  return { identity, digest: digest64(identity) };
}

/** What Jira says of the issue a group points at (`GET /issue/{key}`), or undefined if gone. */
export interface GroupIssueFacts {
  /** `fields.resolution` is set, or the status is in the Done category. */
  resolved: boolean;
  /** Unix ms: `fields.created`. */
  created: number;
  property: AlertProperty | undefined;
}

export type GroupVerdict =
  { join: true } | { join: false; reason: 'gone' | 'resolved' | 'too old' | 'full' | 'not ours' };

/**
 * Whether a repeat joins the issue: it exists, it is open, it was created less than the window
 * ago (`now`, not the alert's time: an open issue takes repeats while it is young), it still
 * carries the app's property of this tenant and it has room for another id.
 */
export function mayJoin(
  issue: GroupIssueFacts | undefined,
  tenantId: string,
  windowHours: number,
  now: number,
): GroupVerdict {
  if (issue === undefined) return { join: false, reason: 'gone' };
  if (issue.resolved) return { join: false, reason: 'resolved' };
  if (now - issue.created >= windowHours * 3_600_000) return { join: false, reason: 'too old' };
  if (issue.property === undefined || issue.property.tenantId !== tenantId)
    return { join: false, reason: 'not ours' };
  if ((issue.property.groupedAlertIds ?? []).length >= MAX_GROUPED_ALERTS)
    return { join: false, reason: 'full' };
  return { join: true };
}

/** The property once `alertId` is grouped in: counted and recorded once, whatever was there. */
export function withRepeat(property: AlertProperty, alertId: string): AlertProperty {
  const ids = property.groupedAlertIds ?? [];
  if (ids.includes(alertId)) return { ...property, repeats: ids.length };
  const groupedAlertIds = [...ids, alertId];
  return { ...property, repeats: groupedAlertIds.length, groupedAlertIds };
}

/** Written in every repeat comment; a run that died after commenting finds it by this. */
export function repeatMarker(alertId: string): string {
  return `Repeat alert id: ${alertId}`;
}
