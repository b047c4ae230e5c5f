/**
 * The scheduled fan-out: every tick, each enabled tenant of each enabled project whose schedule
 * says it is due gets one queue event. The scheduler does no syncing itself.
 *
 * Forge may invoke a scheduled trigger twice. Each tenant's tick is claimed create-if-absent
 * before its event is pushed, so a duplicate invocation queues nothing. The last queued time is
 * kept per tenant, which is what "due" is measured from (a failing tenant on an hourly schedule
 * is tried hourly, not every tick).
 */
import { z } from 'zod';
import { describeError } from '../clients/errors';
import { isDue, schedulerTick } from '../core/schedule';
import type { TenantRef } from '../core/storage-keys';
import { keys } from '../core/storage-keys';
import type { Clock, Logger, Queue, QueueEvent, Store } from '../ports';
import { syncQueueEvent } from './queued-sync';
import { chainRunning } from './sync-chain';
import { listProjects, listTenants } from './repository';
import { MIN_SPREAD_SECONDS, requestShare, startSpreadSeconds, writeShare } from './write-pacing';

/** Events are spread over at least this many seconds so tenants do not all start at once. */
export const SCHEDULE_SPREAD_SECONDS = MIN_SPREAD_SECONDS;

const LAST_QUEUED = 'last';
const LastQueued = z.object({ queuedAt: z.number().int(), tick: z.string() });

export interface SchedulerDeps {
  store: Store;
  queue: Queue;
  clock: Clock;
  logger: Logger;
  random?: (() => number) | undefined;
}

export type ScheduledTenant = TenantRef;

export async function scheduleDueTenants(deps: SchedulerDeps): Promise<ScheduledTenant[]> {
  const { store, clock, logger } = deps;
  const random = deps.random ?? Math.random;
  const now = clock.now();
  const tick = schedulerTick(now);
  const scheduled: ScheduledTenant[] = [];
  const claimed: Array<{ ref: TenantRef; previousTick?: string }> = [];

  const projects = (await listProjects(store)).filter(
    (project) => project.enabled && !project.inTrash && project.schedule !== 'paused',
  );
  for (const project of projects) {
    let tenants;
    try {
      tenants = (await listTenants(store, project.projectId)).filter((tenant) => tenant.enabled);
    } catch (error) {
      logger.error('listing tenants failed', {
        projectId: project.projectId,
        error: describeError(error),
      });
      continue;
    }
    for (const tenant of tenants) {
      const ref: TenantRef = { projectId: project.projectId, tenantId: tenant.id };
      try {
        const lastKey = keys.schedulerSlot(ref, LAST_QUEUED);
        // Both in one batch read: when the tenant was last queued, and whether its chain of
        // follow-ups still runs (sync-chain.ts): a running chain is not joined by a second one.
        const stored = await store
          .getMany([lastKey, keys.syncChain(ref)], z.unknown())
          .catch(() => new Map<string, unknown>());
        if (chainRunning(stored.get(keys.syncChain(ref)), now)) continue;
        const parsedLast = LastQueued.safeParse(stored.get(lastKey));
        const last = parsedLast.success ? parsedLast.data : undefined;
        if (!isDue(project.schedule, last?.queuedAt, now)) continue;
        const tickKey = keys.schedulerSlot(ref, tick);
        if (!(await store.setIfAbsent(tickKey, { queuedAt: now }))) continue;
        claimed.push({ ref, ...(last ? { previousTick: last.tick } : {}) });
        scheduled.push(ref);
      } catch (error) {
        // One tenant's storage trouble must not keep the others from syncing.
        logger.error('scheduling a tenant failed', {
          projectId: project.projectId,
          tenantId: tenant.id,
          error: describeError(error),
        });
      }
    }
  }

  if (scheduled.length === 0) return scheduled;
  // Tenants queued together share the syncs' storage write budget, and their starts are spread
  // evenly (in a random order) so that their first pages fit it too (write-pacing.ts).
  const share = writeShare(scheduled.length);
  const perSecond = requestShare(scheduled.length);
  const spread = startSpreadSeconds(scheduled.length);
  const order = scheduled
    .map((_, index) => ({ index, key: random() }))
    .sort((a, b) => a.key - b.key);
  const events: QueueEvent[] = order.map(({ index }, slot) => {
    const ref = scheduled[index] as ScheduledTenant;
    return syncQueueEvent(
      { ...ref, trigger: 'schedule', writeShare: share, requestShare: perSecond },
      Math.floor((slot * spread) / scheduled.length),
    );
  });
  try {
    await deps.queue.push(events);
  } catch (error) {
    // Release the ticks so the next tick (scheduled triggers are not retried) tries again.
    await Promise.all(
      claimed.map(({ ref }) => store.delete(keys.schedulerSlot(ref, tick)).catch(() => undefined)),
    );
    throw error;
  }
  for (const { ref, previousTick } of claimed) {
    await store.set(keys.schedulerSlot(ref, LAST_QUEUED), { queuedAt: now, tick });
    // The previous tick's claim has done its job; deleting it keeps two keys per tenant at most.
    if (previousTick !== undefined && previousTick !== tick) {
      await store.delete(keys.schedulerSlot(ref, previousTick));
    }
  }
  logger.info('scheduled tenant syncs', { tick, queued: events.length });
  return scheduled;
}
