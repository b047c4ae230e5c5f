/**
 * Typed access to what the app stores: project configs, tenants, secrets, claims, checkpoints and
 * run history. Every key comes from `storage-keys.ts`; every read is parsed with its schema.
 */
import type { z } from 'zod';
import type { Store } from '../ports';
import { ProjectConfig, Tenant } from '../core/config';
import { Checkpoint, Claim, RunSummary } from '../core/model';
import { CLAIM_TTL_SECONDS, RUN_TTL_SECONDS } from '../core/retention';
import { keys } from '../core/storage-keys';

/** How many runs the history keeps per project (the settings page shows them all). */
export const RUN_HISTORY_LIMIT = 50;

export async function loadProject(
  store: Store,
  projectKey: string,
): Promise<ProjectConfig | undefined> {
  return store.get(keys.project(projectKey), ProjectConfig);
}

export async function saveProject(store: Store, config: ProjectConfig): Promise<void> {
  await store.set(keys.project(config.projectKey), ProjectConfig.parse(config));
}

/** Every configured project, for the scheduler. */
export async function listProjects(store: Store): Promise<ProjectConfig[]> {
  return collect(store, keys.projectPrefix(), ProjectConfig);
}

export async function loadTenant(
  store: Store,
  projectKey: string,
  tenantId: string,
): Promise<Tenant | undefined> {
  return store.get(keys.tenant(projectKey, tenantId), Tenant);
}

export async function listTenants(store: Store, projectKey: string): Promise<Tenant[]> {
  return collect(store, keys.tenantPrefix(projectKey), Tenant);
}

export async function saveTenant(store: Store, projectKey: string, tenant: Tenant): Promise<void> {
  await store.set(keys.tenant(projectKey, tenant.id), Tenant.parse(tenant));
}

export async function deleteTenant(
  store: Store,
  projectKey: string,
  tenantId: string,
): Promise<void> {
  await store.delete(keys.tenant(projectKey, tenantId));
  await store.deleteSecret(keys.tenantSecret(tenantId));
  await store.delete(keys.checkpoint(tenantId));
  await store.delete(keys.tenantIdReservation(tenantId));
}

/**
 * Takes a tenant id for good, or answers false when it is taken: by a reservation (written
 * create-if-absent, so of two adds at the same instant one wins) or by a tenant stored before
 * reservations existed, which is known by its secret.
 */
export async function reserveTenantId(store: Store, tenantId: string): Promise<boolean> {
  if (!(await store.setIfAbsent(keys.tenantIdReservation(tenantId), true))) return false;
  return (await store.getSecret(keys.tenantSecret(tenantId))) === undefined;
}

/** Gives back an id reserved for a tenant that could not be stored. */
export const releaseTenantId = (store: Store, tenantId: string) =>
  store.delete(keys.tenantIdReservation(tenantId));

export const getTenantToken = (store: Store, tenantId: string) =>
  store.getSecret(keys.tenantSecret(tenantId));
export const setTenantToken = (store: Store, tenantId: string, token: string) =>
  store.setSecret(keys.tenantSecret(tenantId), token);
export const getAbuseIpdbKey = (store: Store, projectKey: string) =>
  store.getSecret(keys.abuseIpdbSecret(projectKey));
export const setAbuseIpdbKey = (store: Store, projectKey: string, apiKey: string) =>
  store.setSecret(keys.abuseIpdbSecret(projectKey), apiKey);
export const deleteAbuseIpdbKey = (store: Store, projectKey: string) =>
  store.deleteSecret(keys.abuseIpdbSecret(projectKey));

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

export const loadCheckpoint = (store: Store, tenantId: string) =>
  store.get(keys.checkpoint(tenantId), Checkpoint);
export const saveCheckpoint = (store: Store, tenantId: string, checkpoint: Checkpoint) =>
  store.set(keys.checkpoint(tenantId), Checkpoint.parse(checkpoint));

export const loadClaim = (store: Store, tenantId: string, alertId: string) =>
  store.get(keys.alert(tenantId, alertId), Claim);
/** Every state change restarts the claim's retention (the first claim is create-if-absent). */
export const saveClaim = (store: Store, tenantId: string, alertId: string, claim: Claim) =>
  store.set(keys.alert(tenantId, alertId), Claim.parse(claim), { ttlSeconds: CLAIM_TTL_SECONDS });
/** The first claim of an alert: true when this caller now owns it. */
export const claimAlert = (store: Store, tenantId: string, alertId: string, claim: Claim) =>
  store.setIfAbsent(keys.alert(tenantId, alertId), Claim.parse(claim));

/** Claims of one tenant in a given state (e.g. the failed alerts the settings page lists). */
export async function listClaims(
  store: Store,
  tenantId: string,
  states: Claim['state'][],
): Promise<Array<{ alertId: string; claim: Claim }>> {
  const prefix = keys.alertPrefix(tenantId);
  const all = await collectEntries(store, prefix, Claim);
  return all
    .filter(({ value }) => states.includes(value.state))
    .map(({ key, value }) => ({ alertId: key.slice(prefix.length), claim: value }));
}

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
  await store.set(
    keys.run(summary.projectKey, iso, summary.tenantId),
    RunSummary.parse({ ...summary, errors }),
    { ttlSeconds: RUN_TTL_SECONDS },
  );
  const runs = await collectEntries(store, keys.runPrefix(summary.projectKey), RunSummary);
  // Keys sort by start time, so the oldest come first.
  const excess = runs.length - RUN_HISTORY_LIMIT;
  for (const { key } of runs.slice(0, Math.max(0, excess))) await store.delete(key);
}

/** Newest first. */
export async function listRuns(store: Store, projectKey: string): Promise<RunSummary[]> {
  const runs = await collect(store, keys.runPrefix(projectKey), RunSummary);
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
