/**
 * Runs one project's sync the way the Forge scheduler and worker do, in one Node process: every
 * enabled tenant through `syncTenant`, following continuations (rate limits, budgets) in place of
 * the queue's delayed events.
 */
import { createJiraClient } from '../../src/clients/jira';
import type { RunSummary } from '../../src/core/model';
import { OUTCOME_COUNTS } from '../../src/core/run-counts';
import type { ProjectId, Tenant } from '../../src/core/config';
import type { ResolvedTarget } from '../../src/sync/index';
import {
  cacheJiraTarget,
  readCachedTarget,
  resolveJiraTarget,
  targetFromCache,
} from '../../src/sync/index';
import { listTenants, loadProject } from '../../src/sync/index';
import type { SyncDeps, SyncObserver } from '../../src/sync/index';
import { syncTenant } from '../../src/sync/index';

/** Continuations followed per tenant before the CLI gives up for this run. */
const MAX_CONTINUATIONS = 5;

export interface ProjectSyncOptions {
  projectId: ProjectId;
  trigger: RunSummary['trigger'];
  /**
   * Tenants synced at once; default all of them, as the Forge scheduler queues one event per
   * tenant and the queue runs them in parallel. Each tenant's own API is throttled per tenant.
   */
  concurrency?: number | undefined;
  observer?: SyncObserver | undefined;
}

/** One merged summary per tenant (continuations folded in). */
export async function syncProject(
  deps: SyncDeps,
  options: ProjectSyncOptions,
): Promise<RunSummary[]> {
  const warm = warmJiraTarget(deps, options.projectId);
  const tenants = (await listTenants(deps.store, options.projectId)).filter(
    (tenant) => tenant.enabled,
  );
  const shared: SyncDeps = {
    ...deps,
    lookupMemo: deps.lookupMemo ?? new Map(),
    knownTarget: warm.target,
  };
  const results: RunSummary[] = new Array<RunSummary>(tenants.length);
  const queue = tenants.map((tenant, index) => ({ tenant, index }));
  const workers = Array.from(
    { length: Math.max(1, Math.min(options.concurrency ?? tenants.length, tenants.length)) },
    async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        results[next.index] = await syncWithContinuations(shared, options, next.tenant);
      }
    },
  );
  await Promise.all([...workers, warm.written]);
  return results;
}

/**
 * Tenants synced at once would all find the Jira target cache empty and resolve it each; resolving
 * it once keeps that to two calls. The tenants start reading their own inputs meanwhile and take
 * it in-process; its cache entry, for the runs after this one, is written beside them. A failure
 * here is left for each tenant run to report.
 */
function warmJiraTarget(
  deps: SyncDeps,
  projectId: ProjectId,
): { target: Promise<ResolvedTarget | undefined>; written: Promise<void> } {
  let written = Promise.resolve();
  const target = (async () => {
    // The cached target is keyed by the project id alone: read beside the project, not after it.
    const cached = readCachedTarget(deps.store, projectId).catch(() => undefined);
    const project = await loadProject(deps.store, projectId);
    if (!project) return undefined;
    const fromCache = targetFromCache(project, await cached);
    if (fromCache) return fromCache;
    const jira = createJiraClient({ transport: deps.jira, clock: deps.clock, logger: deps.logger });
    const resolved = await resolveJiraTarget(jira, project);
    written = cacheJiraTarget(deps.store, project, resolved).catch(() => undefined);
    return resolved;
  })().catch(() => undefined);
  return { target, written: target.then(() => written) };
}

async function syncWithContinuations(
  deps: SyncDeps,
  options: ProjectSyncOptions,
  tenant: Tenant,
): Promise<RunSummary> {
  let merged: RunSummary | undefined;
  for (let round = 0; round <= MAX_CONTINUATIONS; round += 1) {
    const outcome = await syncTenant(
      { projectId: options.projectId, tenantId: tenant.id, trigger: options.trigger },
      deps,
      options.observer,
    );
    merged = merged ? mergeSummaries(merged, outcome.summary) : outcome.summary;
    if (outcome.continueAfterSeconds === undefined) break;
    await deps.clock.sleep(outcome.continueAfterSeconds * 1000);
  }
  return merged as RunSummary;
}

const COUNTERS = [
  'fetched',
  // The outcomes that add up to `fetched`. A follow-up meets the alerts its predecessor left
  // waiting again (fetched and waiting both), so the merged counts still add up.
  ...OUTCOME_COUNTS,
  'ipLookups',
  'cacheHits',
  'privateSkipped',
  'pendingVerdicts',
  'verdictsFilled',
] as const;

function mergeSummaries(first: RunSummary, next: RunSummary): RunSummary {
  const merged: RunSummary = {
    ...next,
    startedAt: first.startedAt,
    runId: first.runId,
    errors: [...first.errors, ...next.errors],
  };
  for (const counter of COUNTERS) merged[counter] = first[counter] + next[counter];
  const waitingUntil = next.waitingUntil ?? first.waitingUntil;
  if (waitingUntil !== undefined) merged.waitingUntil = waitingUntil;
  merged.durationMs = merged.finishedAt - merged.startedAt;
  if (first.status === 'error' || next.status === 'error') merged.status = 'error';
  else if (first.status === 'partial' || next.status === 'partial') merged.status = 'partial';
  return merged;
}
