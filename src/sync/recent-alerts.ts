/**
 * The last alerts a project fetched, kept so the rule editor can preview rules against real data
 * before they are saved. Descriptions are shortened: the preview needs titles, users and IPs.
 */
import { z } from 'zod';
import { Alert, IpFinding } from '../core/model';
import { RECENT_ALERTS_TTL_SECONDS } from '../core/retention';
import { keys } from '../core/storage-keys';
import type { ProjectId } from '../core/config';
import type { Store } from '../ports';

export const RECENT_ALERTS_LIMIT = 50;
const DESCRIPTION_CHARS = 500;

export const RecentAlerts = z.array(z.object({ alert: Alert, findings: z.array(IpFinding) }));
export type RecentAlerts = z.infer<typeof RecentAlerts>;

export async function rememberRecentAlerts(
  store: Store,
  projectId: ProjectId,
  latest: RecentAlerts,
): Promise<void> {
  const existing =
    (await store.get(keys.recentAlerts(projectId), RecentAlerts).catch(() => undefined)) ?? [];
  const shortened = latest.map(({ alert, findings }) => ({
    alert: { ...alert, description: alert.description.slice(0, DESCRIPTION_CHARS) },
    findings,
  }));
  const seen = new Set<string>();
  const merged = [...shortened.reverse(), ...existing].filter(({ alert }) => {
    const id = `${alert.tenantId}:${alert.id}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  await store.set(keys.recentAlerts(projectId), merged.slice(0, RECENT_ALERTS_LIMIT), {
    ttlSeconds: RECENT_ALERTS_TTL_SECONDS,
  });
}

export async function loadRecentAlerts(store: Store, projectId: ProjectId): Promise<RecentAlerts> {
  return (await store.get(keys.recentAlerts(projectId), RecentAlerts).catch(() => undefined)) ?? [];
}
