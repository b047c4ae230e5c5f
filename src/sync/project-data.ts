/**
 * Everything the app stores for one project, removed in one place: the settings page's "Remove
 * all data of this project" and, later, Jira's report that a project was deleted both call
 * `purgeProjectData`. Issues already created in Jira stay (they are the project's, not the
 * app's). What stays in storage afterwards is only the shared AbuseIPDB answer cache (`ip:*`),
 * which names no person and no project and expires on its own TTL.
 */
import type { ProjectId } from '../core/config';
import { ValidationError } from '../core/errors';
import { keys, projectPrefixes } from '../core/storage-keys';
import type { Store } from '../ports';
import { deletePrefix, deleteTenant, listTenants } from './repository';

export interface PurgeReport {
  tenants: number;
  /** Stored values removed besides the tenants themselves (claims, runs, records, …). */
  entries: number;
}

export async function purgeProjectData(store: Store, projectId: ProjectId): Promise<PurgeReport> {
  const tenants = await listTenants(store, projectId);
  // First: without its config the scheduler queues none of the project's tenants any more, and a
  // purge cut short is finished by running it again (the tenants are still found by prefix).
  await store.delete(keys.project(projectId));
  // Secrets are not listable by prefix: each tenant's goes by key, with the tenant.
  for (const tenant of tenants) await deleteTenant(store, { projectId, tenantId: tenant.id });
  let entries = 0;
  // Every key a project owns is scoped by its id (storage-keys.ts), so its prefixes find them all.
  for (const prefix of projectPrefixes(projectId)) entries += await deletePrefix(store, prefix);
  for (const key of [
    keys.legacyRecentAlerts(projectId),
    keys.jiraTarget(projectId),
    keys.abuseIpdbQuota(projectId),
    keys.reportedAccounts(projectId),
  ]) {
    await store.delete(key);
  }
  await store.deleteSecret(keys.abuseIpdbSecret(projectId));
  return { tenants: tenants.length, entries };
}

/**
 * The settings page's "Remove all data of this project": only once the admin has typed the
 * project's key back, so a stray click removes nothing.
 */
export async function purgeConfirmedProject(
  store: Store,
  project: { projectId: ProjectId; projectKey: string },
  typedKey: string,
): Promise<PurgeReport> {
  if (typedKey.trim().toUpperCase() !== project.projectKey) {
    throw new ValidationError(`Type ${project.projectKey} to confirm.`, {
      confirmProjectKey: `must be ${project.projectKey}`,
    });
  }
  return purgeProjectData(store, project.projectId);
}
