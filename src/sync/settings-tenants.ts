/**
 * Adding, editing, enabling and deleting tenants. Secrets (an API token or an Entra app's client
 * secret) are written here and never read back: the page only learns the hint (set, maybe the
 * last four characters).
 *
 * A tenant id is unique within its project (every key a tenant owns is scoped by the project):
 * adding a tenant first reserves its id create-if-absent. A project also holds at most one tenant
 * per Defender tenant (`refuseSameDefenderTenant`).
 */
import { z } from 'zod';
import type {
  ProjectId,
  Tenant,
  TenantAuthInput,
  TenantAuthMode,
  TenantSource,
} from '../core/config';
import type { TenantRef } from '../core/storage-keys';
import {
  GRAPH_BASE_URL,
  GRAPH_NEEDS_ENTRA,
  graphNeedsEntra,
  isTenantApiUrl,
  tenantUrlMessage,
} from '../core/config';
import { ConflictError, NotFoundError, ValidationError } from '../core/errors';
import type { TenantIdentityInput } from '../core/defender-tenant';
import {
  defenderTenantOf,
  findSameDefenderTenant,
  sameDefenderTenantMessage,
} from '../core/defender-tenant';
import { digest64 } from '../core/digest';
import { keys } from '../core/storage-keys';
import type { Store } from '../ports';
import {
  deleteTenant,
  getTenantToken,
  listRuns,
  listTenants,
  loadTenant,
  releaseTenantId,
  reserveTenantId,
  saveTenant,
  setTenantToken,
} from './repository';
import { SECRET_REBIND_MESSAGE, secretStillBound } from '../core/secret-binding';
import type { RunSummary } from '../core/model';

export class TenantIdTakenError extends ConflictError {
  constructor(readonly tenantId: string) {
    super(`The tenant id "${tenantId}" is already used by another tenant of this project.`, {
      id: 'is already in use',
    });
    this.name = 'TenantIdTakenError';
  }
}

export class TenantNotFoundError extends NotFoundError {
  constructor(readonly tenantId: string) {
    super(`There is no tenant "${tenantId}" in this project.`);
    this.name = 'TenantNotFoundError';
  }
}

/** Credential fields that do not fit the tenant's mode, or that a switch of mode lacks. */
export class TenantInputError extends ValidationError {
  constructor(fieldErrors: Record<string, string>) {
    super('Some values are not valid. Check the marked fields.', fieldErrors);
    this.name = 'TenantInputError';
  }
}

export interface ResolvedTenantAuth {
  authMode: TenantAuthMode;
  entraTenantId?: string | undefined;
  clientId?: string | undefined;
  /** The secret the request brings; undefined keeps the stored one. */
  secret?: string | undefined;
  /** The mode differs from the stored tenant's (or there is none): the stored secret is no use. */
  newMode: boolean;
}

/**
 * The mode, Entra ids and secret a request ends with. Absent fields keep the stored values, but
 * a change of mode keeps nothing: an API token is no client secret, so every field of the new
 * mode must come with the request. `requireSecret`: a new mode needs its secret (add, update).
 */
export function resolveTenantAuth(
  input: TenantAuthInput,
  stored: Tenant | undefined,
  requireSecret: boolean,
): ResolvedTenantAuth {
  const graph = (input.source ?? stored?.source) === 'graph';
  const authMode = input.authMode ?? (graph ? 'entra' : (stored?.authMode ?? 'token'));
  const newMode = stored?.authMode !== authMode;
  const errors: Record<string, string> = {};
  if (graphNeedsEntra(graph ? 'graph' : undefined, authMode)) {
    errors.authMode = GRAPH_NEEDS_ENTRA;
  }
  if (authMode === 'token') {
    for (const field of ['entraTenantId', 'clientId', 'clientSecret'] as const) {
      if (input[field] !== undefined) errors[field] = 'is only used with an Entra app';
    }
    if (newMode && requireSecret && input.token === undefined) errors.token = 'is required';
    throwIfAny(errors);
    return { authMode, newMode, ...(input.token !== undefined ? { secret: input.token } : {}) };
  }
  if (input.token !== undefined) errors.token = 'is only used with an API token';
  const entraTenantId = input.entraTenantId ?? (newMode ? undefined : stored.entraTenantId);
  const clientId = input.clientId ?? (newMode ? undefined : stored.clientId);
  if (entraTenantId === undefined) errors.entraTenantId = 'is required';
  if (clientId === undefined) errors.clientId = 'is required';
  if (newMode && requireSecret && input.clientSecret === undefined) {
    errors.clientSecret = 'is required';
  }
  throwIfAny(errors);
  return {
    authMode,
    newMode,
    entraTenantId,
    clientId,
    ...(input.clientSecret !== undefined ? { secret: input.clientSecret } : {}),
  };
}

function throwIfAny(errors: Record<string, string>): void {
  if (Object.keys(errors).length > 0) throw new TenantInputError(errors);
}

/** The tenant's auth fields for storage: Entra ids only in Entra mode (the schema insists). */
function authFields(
  auth: ResolvedTenantAuth,
): Pick<Tenant, 'authMode' | 'entraTenantId' | 'clientId'> {
  return auth.authMode === 'entra'
    ? { authMode: 'entra', entraTenantId: auth.entraTenantId, clientId: auth.clientId }
    : { authMode: 'token' };
}

export interface TenantEndpoint {
  source: TenantSource;
  url: string;
}

/**
 * The source and URL a request ends with, the URL checked against the source. A tenant switched
 * to Graph without a URL gets Graph's; switched back to MCAS it needs its MCAS URL again. An
 * unchanged stored endpoint is checked only with `checkStored` (before a test sends a token to
 * it); the sync checks it again before every run anyway.
 */
export function resolveTenantEndpoint(
  input: { source?: TenantSource | undefined; url?: string | undefined },
  stored: Tenant | undefined,
  options: { allowLoopback?: boolean | undefined; checkStored?: boolean },
): TenantEndpoint {
  const source = input.source ?? stored?.source ?? 'mcas';
  const keepsStored = stored !== undefined && stored.source === source;
  const url =
    input.url ?? (keepsStored ? stored.url : source === 'graph' ? GRAPH_BASE_URL : undefined);
  if (url === undefined) throw new TenantInputError({ url: 'is required' });
  const unchanged = keepsStored && url === stored.url;
  if ((!unchanged || options.checkStored === true) && !isTenantApiUrl(source, url, options)) {
    throw new TenantInputError({ url: tenantUrlMessage(source) });
  }
  return { source, url };
}

/**
 * Refuses a tenant that would read a Defender tenant another tenant of this project already reads
 * (core/defender-tenant.ts): both would claim its alerts and create every issue twice. Only this
 * project's tenants are compared and named, so nothing about other projects is revealed. The
 * error sits on the field that makes the identity (the URL, or the Entra directory for Graph).
 */
async function refuseSameDefenderTenant(
  store: Store,
  projectId: ProjectId,
  candidate: TenantEndpoint & { entraTenantId?: string | undefined },
  exceptId?: string,
): Promise<void> {
  const same = findSameDefenderTenant(candidate, await listTenants(store, projectId), exceptId);
  if (same !== undefined) throw refusedAsSame(candidate, same);
}

const DefenderReservation = z.object({ identity: z.string(), tenantId: z.string() });
const reservationKey = (projectId: ProjectId, identity: string) =>
  keys.defenderTenantReservation(projectId, digest64(identity));

/**
 * Takes the project's one place for this Defender tenant, create-if-absent, for `tenantId`.
 * `refuseSameDefenderTenant` reads the tenants first, but two adds at the same instant both pass
 * that read: only one of them gets this key. The holder counts while its tenant id is reserved
 * (from the start of its add until its removal) and, once stored, still reads this Defender
 * tenant; otherwise the reservation is stale and taken over. Returns the holder when it counts.
 */
async function reserveDefenderTenant(
  store: Store,
  projectId: ProjectId,
  candidate: TenantIdentityInput,
  tenantId: string,
): Promise<{ id: string; name: string } | undefined> {
  const identity = defenderTenantOf(candidate);
  if (identity === undefined) return undefined;
  const key = reservationKey(projectId, identity);
  const mine = { identity, tenantId };
  if (await store.setIfAbsent(key, mine)) return undefined;
  const held = await store.get(key, DefenderReservation);
  if (held === undefined || held.tenantId === tenantId) return undefined;
  const ref = { projectId, tenantId: held.tenantId };
  const [reserved, holder] = await Promise.all([
    store.get(keys.tenantIdReservation(ref), z.unknown()),
    loadTenant(store, ref),
  ]);
  const counts =
    held.identity === identity &&
    reserved !== undefined &&
    (holder === undefined || defenderTenantOf(holder) === identity);
  if (counts) return holder ?? { id: held.tenantId, name: held.tenantId };
  await store.set(key, mine);
  return undefined;
}

/** Gives back a tenant's Defender reservation (removed, or moved to another Defender tenant). */
async function releaseDefenderTenant(
  store: Store,
  projectId: ProjectId,
  tenant: TenantIdentityInput,
  tenantId: string,
): Promise<void> {
  const identity = defenderTenantOf(tenant);
  if (identity === undefined) return;
  const key = reservationKey(projectId, identity);
  const held = await store.get(key, DefenderReservation).catch(() => undefined);
  if (held?.tenantId === tenantId) await store.delete(key);
}

const refusedAsSame = (candidate: TenantIdentityInput, holder: { id: string; name: string }) =>
  new TenantInputError({
    [candidate.source === 'graph' ? 'entraTenantId' : 'url']: sameDefenderTenantMessage(
      candidate,
      holder,
    ),
  });

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

export async function addTenant(
  store: Store,
  projectId: ProjectId,
  input: {
    id?: string | undefined;
    name: string;
    url?: string | undefined;
    enabled?: boolean | undefined;
    writeBack?: boolean | undefined;
  } & TenantAuthInput,
  options: { allowLoopback?: boolean | undefined } = {},
): Promise<Tenant> {
  const endpoint = resolveTenantEndpoint(input, undefined, options);
  const auth = resolveTenantAuth(input, undefined, true);
  const secret = auth.secret;
  // Already refused by resolveTenantAuth (an added tenant's mode is always new); this narrows.
  if (secret === undefined) {
    throw new TenantInputError({
      [auth.authMode === 'entra' ? 'clientSecret' : 'token']: 'is required',
    });
  }
  await refuseSameDefenderTenant(store, projectId, {
    ...endpoint,
    entraTenantId: auth.entraTenantId,
  });
  const reserve = (tenantId: string) => reserveTenantId(store, { projectId, tenantId });
  let id = input.id;
  if (id !== undefined) {
    if (!(await reserve(id))) throw new TenantIdTakenError(id);
  } else {
    const base = tenantIdFromName(input.name);
    id = base;
    for (let n = 2; !(await reserve(id)); n += 1) id = `${base}-${n}`;
  }
  const ref = { projectId, tenantId: id };
  const identity = { ...endpoint, entraTenantId: auth.entraTenantId };
  const holder = await reserveDefenderTenant(store, projectId, identity, id);
  if (holder !== undefined) {
    await releaseTenantId(store, ref);
    throw refusedAsSame(identity, holder);
  }
  const tenant: Tenant = {
    id,
    name: input.name,
    ...endpoint,
    ...authFields(auth),
    enabled: input.enabled ?? true,
    writeBack: input.writeBack ?? false,
  };
  try {
    await setTenantToken(store, ref, secret);
    await saveTenant(store, projectId, tenant);
  } catch (error) {
    await releaseTenantId(store, ref);
    await releaseDefenderTenant(store, projectId, identity, id);
    throw error;
  }
  return tenant;
}

/**
 * The stored secret, when it may go to `endpoint` with `auth`: only while the URL, source, mode,
 * directory and client id it was given for are unchanged (`secretStillBound`).
 */
export async function boundSecret(
  store: Store,
  projectId: ProjectId,
  stored: Tenant | undefined,
  endpoint: TenantEndpoint,
  auth: ResolvedTenantAuth,
): Promise<string | undefined> {
  if (stored === undefined || !secretStillBound(stored, { ...endpoint, ...auth })) return undefined;
  return getTenantToken(store, { projectId, tenantId: stored.id });
}

export async function requireTenant(store: Store, ref: TenantRef): Promise<Tenant> {
  const tenant = await loadTenant(store, ref);
  if (!tenant) throw new TenantNotFoundError(ref.tenantId);
  return tenant;
}

export async function updateTenant(
  store: Store,
  projectId: ProjectId,
  input: {
    tenantId: string;
    name?: string | undefined;
    url?: string | undefined;
    writeBack?: boolean | undefined;
  } & TenantAuthInput,
  options: { allowLoopback?: boolean | undefined } = {},
): Promise<Tenant> {
  const ref = { projectId, tenantId: input.tenantId };
  const tenant = await requireTenant(store, ref);
  const endpoint = resolveTenantEndpoint(input, tenant, options);
  const auth = resolveTenantAuth(input, tenant, true);
  if (auth.secret === undefined && !secretStillBound(tenant, { ...endpoint, ...auth })) {
    throw new TenantInputError({
      [auth.authMode === 'entra' ? 'clientSecret' : 'token']: SECRET_REBIND_MESSAGE,
    });
  }
  await refuseSameDefenderTenant(
    store,
    projectId,
    { ...endpoint, entraTenantId: auth.entraTenantId },
    tenant.id,
  );
  const identity = { ...endpoint, entraTenantId: auth.entraTenantId };
  if (defenderTenantOf(identity) !== defenderTenantOf(tenant)) {
    const holder = await reserveDefenderTenant(store, projectId, identity, tenant.id);
    if (holder !== undefined) throw refusedAsSame(identity, holder);
    await releaseDefenderTenant(store, projectId, tenant, tenant.id);
  }
  // Claims and the checkpoint stay with the tenant across a change of source: Graph names a
  // Defender for Cloud Apps alert by its MCAS id, so nothing is imported twice.
  const updated: Tenant = {
    id: tenant.id,
    name: input.name ?? tenant.name,
    ...endpoint,
    ...authFields(auth),
    enabled: tenant.enabled,
    writeBack: input.writeBack ?? tenant.writeBack,
  };
  if (auth.secret !== undefined) await setTenantToken(store, ref, auth.secret);
  await saveTenant(store, projectId, updated);
  return updated;
}

export async function setTenantEnabled(
  store: Store,
  ref: TenantRef,
  enabled: boolean,
): Promise<Tenant> {
  const tenant = await requireTenant(store, ref);
  const updated = { ...tenant, enabled };
  await saveTenant(store, ref.projectId, updated);
  return updated;
}

/** Removes the tenant and what it owns; see `deleteTenant` for why its claims stay. */
export async function removeTenant(store: Store, ref: TenantRef): Promise<void> {
  const tenant = await requireTenant(store, ref);
  await deleteTenant(store, ref);
  await releaseDefenderTenant(store, ref.projectId, tenant, tenant.id);
}

/** The latest run of each tenant of a project (runs come newest first). */
export async function latestRunByTenant(
  store: Store,
  projectId: ProjectId,
): Promise<Map<string, RunSummary>> {
  const latest = new Map<string, RunSummary>();
  for (const run of await listRuns(store, projectId)) {
    if (!latest.has(run.tenantId)) latest.set(run.tenantId, run);
  }
  return latest;
}
