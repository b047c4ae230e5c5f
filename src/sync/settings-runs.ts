/**
 * "Sync now", failed alerts, their retry and their dismissal. Syncs are queued, never run inside a resolver: a
 * resolver has 25 s, a sync may need minutes, and queued events for one tenant run one at a time.
 */
import type { ProjectId, Tenant } from '../core/config';
import { ConfigurationError } from '../core/errors';
import { isListed, nextRetryAt } from '../core/failed-alerts';
import { Claim } from '../core/model';
import type { TenantRef } from '../core/storage-keys';
import { keys } from '../core/storage-keys';
import type { Clock, Queue, Store, StoreWrite } from '../ports';
import type { Dismissal } from '../core/personal-data';
import { CLAIM_TTL_SECONDS } from '../core/retention';
import { syncQueueEvent } from './queued-sync';
import { claimTransitions, createClaimLedger } from './claim-ledger';
import { listTenants, loadClaim, loadProject } from './repository';
import { requireTenant } from './settings-tenants';
import { requestShare, writeShare } from './write-pacing';

export class NothingToSyncError extends ConfigurationError {
  constructor(message: string) {
    super(message);
    this.name = 'NothingToSyncError';
  }
}

export async function queueSyncNow(
  deps: { store: Store; queue: Queue; clock: Clock },
  projectId: ProjectId,
  tenantIds: string[] | undefined,
): Promise<{ requestedAt: number; queued: Array<{ tenantId: string; tenantName: string }> }> {
  if (!(await loadProject(deps.store, projectId))) {
    throw new ConfigurationError(
      'Save the issue settings (at least the issue type) before the first sync.',
    );
  }
  const requestedAt = deps.clock.now();
  const tenants = (await listTenants(deps.store, projectId)).filter(
    (tenant) => tenant.enabled && (tenantIds === undefined || tenantIds.includes(tenant.id)),
  );
  if (tenants.length === 0) {
    throw new NothingToSyncError(
      tenantIds === undefined
        ? 'There is no enabled tenant to sync. Add a tenant or enable one first.'
        : 'None of the chosen tenants exists in this project and is enabled.',
    );
  }
  await deps.queue.push(
    tenants.map((tenant) =>
      syncQueueEvent({
        projectId,
        tenantId: tenant.id,
        trigger: 'manual',
        // Tenants synced together share the syncs' storage budget (write-pacing.ts).
        writeShare: writeShare(tenants.length),
        requestShare: requestShare(tenants.length),
      }),
    ),
  );
  return {
    requestedAt,
    queued: tenants.map((tenant: Tenant) => ({ tenantId: tenant.id, tenantName: tenant.name })),
  };
}

/** An alert without an issue, from its first refusal (api maps it to `FailedAlertView`). */
export interface FailedAlert {
  tenantId: string;
  tenantName: string;
  alertId: string;
  /** `refused`: retried by the next scheduled run. `failed`: parked, retried only by hand. */
  state: 'refused' | 'failed';
  title?: string;
  timestamp?: number;
  attempts: number;
  lastError?: string;
  /** Unix ms of the last failure. */
  failedAt: number;
  /** Unix ms of the scheduled run that retries a refused alert; absent when only by hand. */
  nextRetryAt?: number;
}
/**
 * Entries of the failed-alert index read per tenant for the view: one storage query and at most
 * FAILED_VIEW_PAGE / 20 batch reads of their claims each, whatever the number of claims (Forge
 * KVS reads are 4,000 a minute; a resolver has 25 s). More are reported as `more`.
 */
export const FAILED_VIEW_PAGE = 100;

/**
 * Every alert without an issue, from its first refusal, per tenant of the project, newest first:
 * refused (retried by the next scheduled run, `nextRetryAt`) or parked (retried by hand). Read
 * from the failed-alert index, each entry checked against its claim, so an entry a failed delete
 * left behind never shows an alert that has its issue.
 */
export async function listFailedAlerts(
  store: Store,
  projectId: ProjectId,
): Promise<{ alerts: FailedAlert[]; more: boolean }> {
  const project = await loadProject(store, projectId);
  const schedule = project?.schedule ?? 'paused';
  const failed: FailedAlert[] = [];
  let more = false;
  for (const tenant of await listTenants(store, projectId)) {
    const ref = { projectId, tenantId: tenant.id };
    const prefix = keys.failedAlertPrefix(ref);
    const page = await store.query(prefix, Claim, { limit: FAILED_VIEW_PAGE });
    if (page.cursor !== undefined) more = true;
    const alertIds = page.entries.map(({ key }) => key.slice(prefix.length));
    const claims = await createClaimLedger(store, ref).read(alertIds);
    for (const alertId of alertIds) {
      const claim = claims.get(alertId);
      if (claim === undefined || !isListed(claim)) continue;
      const retryAt = nextRetryAt(claim, schedule);
      failed.push({
        tenantId: tenant.id,
        tenantName: tenant.name,
        alertId,
        state: claim.state === 'failed' ? 'failed' : 'refused',
        ...(claim.title !== undefined ? { title: claim.title } : {}),
        ...(claim.timestamp !== undefined ? { timestamp: claim.timestamp } : {}),
        attempts: claim.attempts,
        ...(claim.lastError !== undefined ? { lastError: claim.lastError } : {}),
        failedAt: claim.at,
        ...(retryAt !== undefined ? { nextRetryAt: retryAt } : {}),
      });
    }
  }
  return { alerts: failed.sort((a, b) => b.failedAt - a.failedAt), more };
}

/**
 * An admin decides these alerts need no issue: their claims become `dismissed` (who and when),
 * they leave the failed list, and no run retries them. Only alerts without an issue can be
 * dismissed; the others are left as they are.
 */
export async function dismissFailedAlerts(
  deps: { store: Store; clock: Clock },
  ref: TenantRef,
  alertIds: string[],
  accountId: string,
): Promise<{ dismissed: number }> {
  await requireTenant(deps.store, ref);
  const ledger = createClaimLedger(deps.store, ref);
  const claims = await ledger.read([...new Set(alertIds)]);
  const changes = [...claims]
    .filter(([, claim]) => isListed(claim))
    .map(([alertId, claim]) => ({
      alertId,
      claim: claimTransitions.dismissed(claim, accountId, deps.clock.now()),
      listed: true,
    }));
  if (changes.length === 0) {
    throw new NothingToSyncError('None of these alerts is waiting for an issue.');
  }
  // Who dismissed is an account id: listed first (batches are not atomic), so the weekly
  // personal-data report finds every id a claim holds (personal-data-report.ts).
  const dismissals: StoreWrite[] = changes.map(({ alertId, claim }) => ({
    key: keys.dismissal(ref, alertId),
    value: { accountId, tenantId: ref.tenantId, alertId, at: claim.at } satisfies Dismissal,
    ttlSeconds: CLAIM_TTL_SECONDS,
  }));
  await ledger.record(changes, dismissals);
  return { dismissed: changes.length };
}

/** Queues a retry of those alerts that are parked as failed (or rejected) in this tenant. */
export async function queueRetry(
  deps: { store: Store; queue: Queue; clock: Clock },
  projectId: ProjectId,
  tenantId: string,
  alertIds: string[],
): Promise<{ requestedAt: number; queued: number }> {
  await requireTenant(deps.store, { projectId, tenantId });
  const retryable: string[] = [];
  for (const alertId of new Set(alertIds)) {
    const claim = await loadClaim(deps.store, { projectId, tenantId }, alertId);
    if (claim?.state === 'failed' || claim?.state === 'rejected') retryable.push(alertId);
  }
  if (retryable.length === 0) {
    throw new NothingToSyncError('None of these alerts is waiting for a retry.');
  }
  const requestedAt = deps.clock.now();
  await deps.queue.push([
    syncQueueEvent({ projectId, tenantId, trigger: 'retry', alertIds: retryable }),
  ]);
  return { requestedAt, queued: retryable.length };
}
