/**
 * Everything the app stores for one project, removed in one place: the settings page's "Remove
 * all data of this project" and, later, Jira's report that a project was deleted both call
 * `purgeProjectData`. Issues already created in Jira stay (they are the project's, not the
 * app's). What stays in storage afterwards is only the shared AbuseIPDB answer cache (`ip:*`),
 * which names no person and no project and expires on its own TTL.
 */
import { z } from 'zod';
import { keys } from '../core/storage-keys';
import type { Store } from '../ports';
import { deleteAbuseIpdbKey, deleteTenant, listTenants } from './repository';

export interface PurgeReport {
  tenants: number;
  /** Stored values removed besides the tenants themselves (claims, runs, records, …). */
  entries: number;
}

const Anything = z.unknown();

/** Deletes every key under `prefix`, page by page; a value that fails to parse goes too. */
async function deletePrefix(store: Store, prefix: string): Promise<number> {
  let removed = 0;
  for (;;) {
    // Always the first page: deleting moves the rest forward, so no cursor is kept.
    const page = await store.query(prefix, Anything, { limit: 100 });
    if (page.entries.length === 0) return removed;
    for (const { key } of page.entries) await store.delete(key);
    removed += page.entries.length;
  }
}

export async function purgeProjectData(store: Store, projectKey: string): Promise<PurgeReport> {
  const tenants = await listTenants(store, projectKey);
  // First: without its config the scheduler queues none of the project's tenants any more, and a
  // purge cut short is finished by running it again (the tenants are still found by prefix).
  await store.delete(keys.project(projectKey));
  let entries = 0;
  for (const tenant of tenants) {
    entries += await deletePrefix(store, keys.alertPrefix(tenant.id));
    entries += await deletePrefix(store, keys.pendingPrefix(tenant.id));
    entries += await deletePrefix(store, keys.schedulerSlotPrefix(tenant.id));
    // The tenant, its secret, checkpoint and id reservation.
    await deleteTenant(store, projectKey, tenant.id);
  }
  for (const prefix of [
    keys.runPrefix(projectKey),
    keys.issueRecordPrefix(projectKey),
    keys.panelCooldownPrefix(projectKey),
  ]) {
    entries += await deletePrefix(store, prefix);
  }
  for (const key of [keys.recentAlerts(projectKey), keys.jiraTarget(projectKey)]) {
    await store.delete(key);
  }
  await deleteAbuseIpdbKey(store, projectKey);
  return { tenants: tenants.length, entries };
}
