/**
 * Typed access to what the app stores: project configs, tenants, secrets, claims, checkpoints and
 * run history. Every key comes from `storage-keys.ts`; every read is parsed with its schema.
 */
import { z } from 'zod';
import type { Store } from '../ports';
import { ProjectConfig, ProjectId, Tenant } from '../core/config';
import { Checkpoint, Claim, RunSummary } from '../core/model';
import { CLAIM_TTL_SECONDS, RUN_TTL_SECONDS } from '../core/retention';
import type { TenantRef } from '../core/storage-keys';
import { keys } from '../core/storage-keys';

/** How many runs the history keeps per project (the settings page shows them all). */
export const RUN_HISTORY_LIMIT = 50;

export async function loadProject(
  store: Store,
  projectId: ProjectId,
): Promise<ProjectConfig | undefined> {
  return store.get(keys.project(projectId), ProjectConfig);
}

export async function saveProject(store: Store, config: ProjectConfig): Promise<void> {
  await store.set(keys.project(config.projectId), ProjectConfig.parse(config));
}

/** Every configured project, for the scheduler. */
export async function listProjects(store: Store): Promise<ProjectConfig[]> {
  return collect(store, keys.projectPrefix(), ProjectConfig);
}

export async function loadTenant(store: Store, ref: TenantRef): Promise<Tenant | undefined> {
  return store.get(keys.tenant(ref), Tenant);
}

export async function listTenants(store: Store, projectId: ProjectId): Promise<Tenant[]> {
  return collect(store, keys.tenantPrefix(projectId), Tenant);
}

export async function saveTenant(
  store: Store,
  projectId: ProjectId,
  tenant: Tenant,
): Promise<void> {
  await store.set(keys.tenant({ projectId, tenantId: tenant.id }), Tenant.parse(tenant));
}

/**
 * Removes a tenant with its secret, checkpoint, owed verdicts and scheduler slots. Its alert
 * claims stay (scoped to this project, so no other project sees them): if the same Defender
 * tenant is added again under the same id, alerts that already have issues are not imported
 * twice. Removing all of a project's data removes them too.
 */
export async function deleteTenant(store: Store, ref: TenantRef): Promise<void> {
  await store.delete(keys.tenant(ref));
  await store.deleteSecret(keys.tenantSecret(ref));
  await store.delete(keys.checkpoint(ref));
  await deletePrefix(store, keys.pendingPrefix(ref));
  await deletePrefix(store, keys.owedIndexTenantPrefix(ref));
  await deletePrefix(store, keys.schedulerSlotPrefix(ref));
  await store.delete(keys.tenantIdReservation(ref));
  await store.delete(keys.recentAlerts(ref));
}

/**
 * Takes a tenant id within its project, or answers false when it is taken: the reservation is
 * written create-if-absent, so of two adds at the same instant one wins.
 */
export async function reserveTenantId(store: Store, ref: TenantRef): Promise<boolean> {
  return store.setIfAbsent(keys.tenantIdReservation(ref), true);
}

/** Gives back an id reserved for a tenant that could not be stored. */
export const releaseTenantId = (store: Store, ref: TenantRef) =>
  store.delete(keys.tenantIdReservation(ref));

export const getTenantToken = (store: Store, ref: TenantRef) =>
  store.getSecret(keys.tenantSecret(ref));
export const setTenantToken = (store: Store, ref: TenantRef, token: string) =>
  store.setSecret(keys.tenantSecret(ref), token);
export const getAbuseIpdbKey = (store: Store, projectId: ProjectId) =>
  store.getSecret(keys.abuseIpdbSecret(projectId));
/** A new key has a quota of its own: a spent quota remembered for the old one is forgotten. */
export async function setAbuseIpdbKey(store: Store, projectId: ProjectId, apiKey: string) {
  await store.setSecret(keys.abuseIpdbSecret(projectId), apiKey);
  await store.delete(keys.abuseIpdbQuota(projectId));
}
export const deleteAbuseIpdbKey = (store: Store, projectId: ProjectId) =>
  store.deleteSecret(keys.abuseIpdbSecret(projectId));

/** What the UI may learn about a secret: whether it is set and its last four characters. */
export interface SecretHint {
  set: boolean;
  lastFour?: string;
}

export function secretHint(secret: string | undefined): SecretHint {
  if (!secret) return { set: false };
  // Short secrets would be half revealed by four characters: show none of them.
  return secret.length >= 12 ? { set: true, lastFour: secret.slice(-4) } : { set: true };
}

export const loadCheckpoint = (store: Store, ref: TenantRef) =>
  store.get(keys.checkpoint(ref), Checkpoint);
export const saveCheckpoint = (store: Store, ref: TenantRef, checkpoint: Checkpoint) =>
  store.set(keys.checkpoint(ref), Checkpoint.parse(checkpoint));

export const loadClaim = (store: Store, ref: TenantRef, alertId: string) =>
  store.get(keys.alert(ref, alertId), Claim);
/** Every state change restarts the claim's retention (the first claim is create-if-absent). */
export const saveClaim = (store: Store, ref: TenantRef, alertId: string, claim: Claim) =>
  store.set(keys.alert(ref, alertId), Claim.parse(claim), { ttlSeconds: CLAIM_TTL_SECONDS });
/** The first claim of an alert: true when this caller now owns it. */
export const claimAlert = (store: Store, ref: TenantRef, alertId: string, claim: Claim) =>
  store.setIfAbsent(keys.alert(ref, alertId), Claim.parse(claim));

/** Errors kept per run: enough to act on, and a run stays far below the 240 KiB value limit. */
export const RUN_ERRORS_LIMIT = 50;

export async function recordRun(store: Store, summary: RunSummary): Promise<void> {
  const iso = new Date(summary.startedAt).toISOString();
  const more = summary.errors.length - RUN_ERRORS_LIMIT;
  const errors =
    more > 0
      ? [
          ...summary.errors.slice(0, RUN_ERRORS_LIMIT),
          {
            message: `…and ${more} more errors in this run (the first ${RUN_ERRORS_LIMIT} are listed).`,
          },
        ]
      : summary.errors;
  const projectId = ProjectId.parse(summary.projectId);
  const key = keys.run(projectId, iso, summary.tenantId);
  // The history is listed while the new run is written (one storage round trip, not two); the
  // listing may or may not include it yet, so it is counted in either way.
  const [runs] = await Promise.all([
    collectEntries(store, keys.runPrefix(projectId), RunSummary),
    store.set(key, RunSummary.parse({ ...summary, errors }), { ttlSeconds: RUN_TTL_SECONDS }),
  ]);
  const older = runs.filter((run) => run.key !== key);
  // Keys sort by start time, so the oldest come first; the new run is one of the kept.
  const excess = older.length + 1 - RUN_HISTORY_LIMIT;
  for (const { key: old } of older.slice(0, Math.max(0, excess))) await store.delete(old);
}

/** Newest first. */
export async function listRuns(store: Store, projectId: ProjectId): Promise<RunSummary[]> {
  const runs = await collect(store, keys.runPrefix(projectId), RunSummary);
  return runs.reverse();
}

async function collect<T>(store: Store, prefix: string, schema: z.ZodType<T>): Promise<T[]> {
  return (await collectEntries(store, prefix, schema)).map((entry) => entry.value);
}

async function collectEntries<T>(
  store: Store,
  prefix: string,
  schema: z.ZodType<T>,
): Promise<Array<{ key: string; value: T }>> {
  const entries: Array<{ key: string; value: T }> = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(prefix, schema, { limit: 100, cursor });
    entries.push(...page.entries);
    cursor = page.cursor;
  } while (cursor);
  return entries;
}

/** Deletes every entry whose key starts with `prefix`, a page at a time. */
export async function deletePrefix(store: Store, prefix: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    // Always the first page: the entries just deleted are gone from the next query.
    const page = await store.query(prefix, z.unknown(), { limit: 100 });
    for (const { key } of page.entries) await store.delete(key);
    deleted += page.entries.length;
    if (page.entries.length === 0 || !page.cursor) return deleted;
  }
}
