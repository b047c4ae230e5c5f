/**
 * Adding, editing, enabling and deleting tenants. Tokens are written here and never read back:
 * the page only learns the hint (set, maybe the last four characters).
 *
 * A tenant id is part of global storage keys (its token secret, checkpoint and alert claims), so
 * it must be unique across projects. Every added tenant has a token, so an id whose token secret
 * exists is taken.
 */
import type { Tenant } from '../core/config';
import type { Store } from '../ports';
import {
  deleteTenant,
  getTenantToken,
  listRuns,
  loadTenant,
  saveTenant,
  secretHint,
  setTenantToken,
} from './repository';
import type { TenantView } from '../contract/settings';
import type { RunSummary } from '../core/model';

export class TenantIdTakenError extends Error {
  constructor(readonly tenantId: string) {
    super(`The tenant id "${tenantId}" is already used by a tenant in this or another project.`);
    this.name = 'TenantIdTakenError';
  }
}

export class TenantNotFoundError extends Error {
  constructor(readonly tenantId: string) {
    super(`There is no tenant "${tenantId}" in this project.`);
    this.name = 'TenantNotFoundError';
  }
}

/** "Contoso EU (prod)" → "contoso-eu-prod". */
export function tenantIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return slug || 'tenant';
}

async function idTaken(store: Store, tenantId: string): Promise<boolean> {
  return (await getTenantToken(store, tenantId)) !== undefined;
}

export async function addTenant(
  store: Store,
  projectKey: string,
  input: { id?: string; name: string; url: string; enabled?: boolean; token: string },
): Promise<Tenant> {
  let id = input.id;
  if (id !== undefined) {
    if (await idTaken(store, id)) throw new TenantIdTakenError(id);
  } else {
    const base = tenantIdFromName(input.name);
    id = base;
    for (let n = 2; await idTaken(store, id); n += 1) id = `${base}-${n}`;
  }
  const tenant: Tenant = {
    id,
    name: input.name,
    url: input.url,
    authMode: 'token',
    enabled: input.enabled ?? true,
  };
  // The secret first: it is what reserves the id.
  await setTenantToken(store, id, input.token);
  await saveTenant(store, projectKey, tenant);
  return tenant;
}

export async function requireTenant(
  store: Store,
  projectKey: string,
  tenantId: string,
): Promise<Tenant> {
  const tenant = await loadTenant(store, projectKey, tenantId);
  if (!tenant) throw new TenantNotFoundError(tenantId);
  return tenant;
}

export async function updateTenant(
  store: Store,
  projectKey: string,
  input: { tenantId: string; name?: string; url?: string; token?: string },
): Promise<Tenant> {
  const tenant = await requireTenant(store, projectKey, input.tenantId);
  const updated: Tenant = {
    ...tenant,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.url !== undefined ? { url: input.url } : {}),
  };
  if (input.token !== undefined) await setTenantToken(store, tenant.id, input.token);
  await saveTenant(store, projectKey, updated);
  return updated;
}

export async function setTenantEnabled(
  store: Store,
  projectKey: string,
  tenantId: string,
  enabled: boolean,
): Promise<Tenant> {
  const tenant = await requireTenant(store, projectKey, tenantId);
  const updated = { ...tenant, enabled };
  await saveTenant(store, projectKey, updated);
  return updated;
}

/**
 * Removes the tenant, its token and checkpoint. Its alert claims stay: if the same tenant is
 * added again under the same id, alerts that already have issues are not imported twice.
 */
export async function removeTenant(
  store: Store,
  projectKey: string,
  tenantId: string,
): Promise<void> {
  await requireTenant(store, projectKey, tenantId);
  await deleteTenant(store, projectKey, tenantId);
}

/** A tenant as the page shows it, with its token hint and latest run. */
export async function tenantView(
  store: Store,
  tenant: Tenant,
  latestRun?: RunSummary,
): Promise<TenantView> {
  const lastError =
    latestRun && latestRun.status !== 'ok' ? latestRun.errors[0]?.message : undefined;
  return {
    id: tenant.id,
    name: tenant.name,
    url: tenant.url,
    authMode: tenant.authMode,
    enabled: tenant.enabled,
    token: secretHint(await getTenantToken(store, tenant.id)),
    ...(latestRun
      ? {
          lastRun: {
            runId: latestRun.runId,
            startedAt: latestRun.startedAt,
            finishedAt: latestRun.finishedAt,
            status: latestRun.status,
            fetched: latestRun.fetched,
            created: latestRun.created,
            failed: latestRun.failed,
          },
        }
      : {}),
    ...(lastError !== undefined ? { lastError } : {}),
  };
}

/** The latest run of each tenant of a project (runs come newest first). */
export async function latestRunByTenant(
  store: Store,
  projectKey: string,
): Promise<Map<string, RunSummary>> {
  const latest = new Map<string, RunSummary>();
  for (const run of await listRuns(store, projectKey)) {
    if (!latest.has(run.tenantId)) latest.set(run.tenantId, run);
  }
  return latest;
}
