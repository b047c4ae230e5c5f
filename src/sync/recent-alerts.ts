/**
 * The last alerts a project fetched, kept so the rule editor can preview rules against real data
 * before they are saved. Descriptions are shortened: the preview needs titles, users and IPs.
 *
 * Each tenant keeps its own list (`recent:<project>:<tenant>`): the tenants of a project sync at
 * the same time, and one shared list read and rewritten by each would keep only the last
 * writer's alerts. A tenant's syncs run one at a time, so its list is read when the run starts
 * (beside its other start-up reads) and written once at the end. The preview merges the lists.
 */
import { z } from 'zod';
import { Alert, IpFinding } from '../core/model';
import { RECENT_ALERTS_TTL_SECONDS } from '../core/retention';
import type { TenantRef } from '../core/storage-keys';
import { keys } from '../core/storage-keys';
import type { ProjectId } from '../core/config';
import type { Store } from '../ports';

export const RECENT_ALERTS_LIMIT = 50;
const DESCRIPTION_CHARS = 500;

export const RecentAlerts = z.array(z.object({ alert: Alert, findings: z.array(IpFinding) }));
export type RecentAlerts = z.infer<typeof RecentAlerts>;

/** A tenant's list as stored; an unreadable one counts as empty (it is only a working aid). */
export async function loadTenantRecentAlerts(store: Store, ref: TenantRef): Promise<RecentAlerts> {
  return (await store.get(keys.recentAlerts(ref), RecentAlerts).catch(() => undefined)) ?? [];
}

export async function rememberRecentAlerts(
  store: Store,
  ref: TenantRef,
  latest: RecentAlerts,
  /** The tenant's list as the run read it at its start (`loadTenantRecentAlerts`). */
  existing: RecentAlerts,
): Promise<void> {
  const shortened = latest.map(({ alert, findings }) => ({
    alert: { ...alert, description: alert.description.slice(0, DESCRIPTION_CHARS) },
    findings,
  }));
  const seen = new Set<string>();
  const merged = [...shortened.reverse(), ...existing].filter(({ alert }) => {
    if (seen.has(alert.id)) return false;
    seen.add(alert.id);
    return true;
  });
  await store.set(keys.recentAlerts(ref), merged.slice(0, RECENT_ALERTS_LIMIT), {
    ttlSeconds: RECENT_ALERTS_TTL_SECONDS,
  });
}

/** The project's last alerts across its tenants, newest first: one query of the tenants' lists. */
export async function loadRecentAlerts(store: Store, projectId: ProjectId): Promise<RecentAlerts> {
  const lists = await store
    .query(keys.recentAlertsPrefix(projectId), RecentAlerts)
    .catch(() => ({ entries: [] }));
  return lists.entries
    .flatMap(({ value }) => value)
    .sort((a, b) => b.alert.timestamp - a.alert.timestamp)
    .slice(0, RECENT_ALERTS_LIMIT);
}
