/**
 * A tenant sync as a queue event, and what the worker does with one. The scheduler, "Sync now"
 * and "Retry" push these events; the worker runs `syncTenant` within a time budget and, when pages
 * remain or a rate limit asks to wait, pushes a follow-up event with a delay instead of sleeping.
 * Delivery is at least once: a redelivered event is harmless because `syncTenant` claims every
 * alert before creating its issue.
 */
import { z } from 'zod';
import { ProjectId, Tenant } from '../core/config';
import { RunSummary } from '../core/model';
import type { Queue, QueueEvent } from '../ports';
import type { SyncDeps, SyncOutcome } from './sync-tenant';
import { syncTenant } from './sync-tenant';
import { describeError } from '../clients/errors';
import { createCallTally } from './call-tally';
import { chainNoteHolds, noteChainContinues, noteChainEnded } from './sync-chain';
import type { StoragePace } from './write-pacing';
import { paceFrom, writeShare } from './write-pacing';

export const SyncEvent = z
  .object({
    projectId: ProjectId,
    tenantId: Tenant.shape.id,
    trigger: RunSummary.shape.trigger,
    /** Failed alerts an admin asked to retry; absent for an ordinary sync from the checkpoint. */
    alertIds: z.array(z.string().min(1).max(200)).min(1).max(100).optional(),
    /** How many follow-up events came before this one in the same chain (for the logs). */
    continuation: z.number().int().nonnegative().default(0),
    /**
     * Storage writes a minute this sync may use (write-pacing.ts): set by whoever queued several
     * tenants at once; absent, the sync has the whole share of syncs to itself.
     */
    writeShare: z.number().int().positive().optional(),
    /** Storage requests a second this sync may send, set with `writeShare`; absent, not held. */
    requestShare: z.number().int().positive().optional(),
    /**
     * A follow-up's pace: until when the reads and writes of the events before it in the chain
     * are paid for (absolute ms); its own are counted from there (write-pacing.ts).
     */
    pacedUntil: z.number().int().nonnegative().optional(),
    /** Until when the chain is noted as running (sync-chain.ts), so a follow-up need not rewrite it. */
    chainNotedUntil: z.number().int().nonnegative().optional(),
  })
  .strict();
export type SyncEvent = z.infer<typeof SyncEvent>;

/**
 * How long one worker invocation keeps starting new pages, retries and waits (sync/run-policy.ts).
 * Forge stops a consumer at 900 s; the rest of the margin covers the page in flight, its issue
 * creates and recording the run.
 */
export const WORKER_BUDGET_MS = 600_000;
/** Forge's longest queue delay. */
export const MAX_QUEUE_DELAY_SECONDS = 900;

/** One tenant's events run one at a time: the concurrency key is the tenant (in its project). */
export function syncQueueEvent(
  event: z.input<typeof SyncEvent>,
  delaySeconds?: number,
): QueueEvent {
  const body = SyncEvent.parse(event);
  return {
    body,
    concurrencyKey: `tenant-${body.projectId}-${body.tenantId}`,
    ...(delaySeconds !== undefined && delaySeconds > 0 ? { delaySeconds } : {}),
  };
}

export interface WorkerDeps extends SyncDeps {
  queue: Queue;
}

/**
 * Runs one queued sync. A body that is not a SyncEvent is logged and dropped: throwing would make
 * the platform redeliver an event that can never succeed.
 */
export async function runQueuedSync(
  body: unknown,
  deps: WorkerDeps,
  options: { budgetMs?: number } = {},
): Promise<SyncOutcome | undefined> {
  const parsed = SyncEvent.safeParse(body);
  if (!parsed.success) {
    deps.logger.error('dropped a queue event that is not a tenant sync', {
      issues: parsed.error.issues.length,
    });
    return undefined;
  }
  const event = parsed.data;
  const startedAt = deps.clock.now();
  const pace: StoragePace = {
    share: event.writeShare ?? writeShare(1),
    requestsPerSecond: event.requestShare,
    from: paceFrom(event.pacedUntil, startedAt),
  };
  // One line per page and one per run instead of one per external call (sync/call-tally.ts).
  const logger = createCallTally(deps.logger);
  const outcome = await syncTenant(
    {
      projectId: event.projectId,
      tenantId: event.tenantId,
      trigger: event.trigger,
      deadline: startedAt + (options.budgetMs ?? WORKER_BUDGET_MS),
      // Pages while the chain is within its share; the follow-up waits until it is paid for.
      pace,
      ...(event.alertIds ? { alertIds: event.alertIds } : {}),
    },
    { ...deps, logger },
  );
  if (outcome.continueAfterSeconds !== undefined) {
    const until = outcome.pacedUntil ?? deps.clock.now();
    const paced = Math.ceil((until - deps.clock.now()) / 1000);
    const delay = Math.min(
      MAX_QUEUE_DELAY_SECONDS,
      Math.max(1, outcome.continueAfterSeconds, paced),
    );
    // The scheduler must not queue a second chain beside this one (sync-chain.ts).
    const noted = chainNoteHolds(event.chainNotedUntil, deps.clock.now(), delay)
      ? event.chainNotedUntil
      : await noteChainContinues(deps.store, event, deps.clock.now(), delay).catch(
          (error: unknown) => {
            deps.logger.warn('noting the follow-up failed', { error: describeError(error) });
            return undefined;
          },
        );
    await deps.queue.push([
      syncQueueEvent(
        {
          ...event,
          continuation: event.continuation + 1,
          pacedUntil: until,
          ...(noted !== undefined ? { chainNotedUntil: noted } : {}),
        },
        delay,
      ),
    ]);
    deps.logger.info('tenant sync continues in a follow-up event', {
      projectId: event.projectId,
      tenantId: event.tenantId,
      delaySeconds: delay,
      continuation: event.continuation + 1,
    });
  }
  if (outcome.continueAfterSeconds === undefined && event.continuation > 0) {
    await noteChainEnded(deps.store, event).catch((error: unknown) =>
      deps.logger.warn('clearing the follow-up note failed', { error: describeError(error) }),
    );
  }
  return outcome;
}
