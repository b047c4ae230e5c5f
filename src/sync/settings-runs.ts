/**
 * "Sync now", failed alerts and their retry. Syncs are queued, never run inside a resolver: a
 * resolver has 25 s, a sync may need minutes, and queued events for one tenant run one at a time.
 */
import type { ProjectId, Tenant } from '../core/config';
import { ConfigurationError } from '../core/errors';
import type { Clock, Queue, Store } from '../ports';
import { syncQueueEvent } from './queued-sync';
import { listClaims, listTenants, loadClaim } from './repository';
import { requireTenant } from './settings-tenants';
import { writeShare } from './write-pacing';

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
        // Tenants synced together share the syncs' storage write budget (write-pacing.ts).
        writeShare: writeShare(tenants.length),
      }),
    ),
  );
  return {
    requestedAt,
    queued: tenants.map((tenant: Tenant) => ({ tenantId: tenant.id, tenantName: tenant.name })),
  };
}

/** An alert parked as failed after its retries (contract: `FailedAlert`). */
export interface FailedAlert {
  tenantId: string;
  tenantName: string;
  alertId: string;
  title?: string;
  timestamp?: number;
  attempts: number;
  lastError?: string;
  /** Unix ms of the last failure. */
  failedAt: number;
}

/** Alerts parked as failed after their retries, per tenant of the project, newest first. */
export async function listFailedAlerts(store: Store, projectId: ProjectId): Promise<FailedAlert[]> {
  const failed: FailedAlert[] = [];
  for (const tenant of await listTenants(store, projectId)) {
    const ref = { projectId, tenantId: tenant.id };
    for (const { alertId, claim } of await listClaims(store, ref, ['failed'])) {
      failed.push({
        tenantId: tenant.id,
        tenantName: tenant.name,
        alertId,
        ...(claim.title !== undefined ? { title: claim.title } : {}),
        ...(claim.timestamp !== undefined ? { timestamp: claim.timestamp } : {}),
        attempts: claim.attempts,
        ...(claim.lastError !== undefined ? { lastError: claim.lastError } : {}),
        failedAt: claim.at,
      });
    }
  }
  return failed.sort((a, b) => b.failedAt - a.failedAt);
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
