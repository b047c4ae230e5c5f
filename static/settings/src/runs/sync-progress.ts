/**
 * How far a "Sync now" or "Retry" has got, from the runs that landed since it was requested. A
 * tenant's sync may be split into several runs (a run stops at its time or storage-write budget
 * and continues in a follow-up: `continued`), so a tenant is done only when its latest run since
 * the request did not continue; until then the runs that landed show it moving. Progress used to
 * count a tenant as done at its first run only, and stayed at "0 of 4" while the tenants ran side
 * by side (issue 14, finding 7).
 */
import type { RunSummary } from '../../../../src/contract/domain';
import { plural } from '../../../shared/format';

export interface WaitedTenant {
  tenantId: string;
  tenantName: string;
}

export type TenantPhase = 'queued' | 'running' | 'done';

export interface SyncProgress {
  phases: Record<string, TenantPhase>;
  done: number;
  total: number;
  /** 0–1: done tenants count whole, running ones half. */
  fraction: number;
  /** Added up over every run of the waited tenants since the request. */
  counts: {
    fetched: number;
    created: number;
    duplicates: number;
    suppressed: number;
    failed: number;
    waiting: number;
  };
}

export function syncProgress(
  tenants: readonly WaitedTenant[],
  runs: readonly RunSummary[],
  requestedAt: number,
): SyncProgress {
  const counts = { fetched: 0, created: 0, duplicates: 0, suppressed: 0, failed: 0, waiting: 0 };
  const phases: Record<string, TenantPhase> = {};
  for (const tenant of tenants) {
    const since = runs
      .filter((run) => run.tenantId === tenant.tenantId && run.startedAt >= requestedAt)
      .sort((a, b) => a.startedAt - b.startedAt);
    for (const run of since) {
      counts.fetched += run.fetched;
      counts.created += run.created;
      counts.duplicates += run.duplicates;
      counts.suppressed += run.suppressed;
      // Every alert without an issue, from its first refusal (retried next run or parked).
      counts.failed += run.failed + run.rejected + run.malformed;
      counts.waiting += run.waiting;
    }
    const latest = since[since.length - 1];
    phases[tenant.tenantId] =
      latest === undefined ? 'queued' : latest.continued ? 'running' : 'done';
  }
  const values = Object.values(phases);
  const done = values.filter((phase) => phase === 'done').length;
  const running = values.filter((phase) => phase === 'running').length;
  const total = tenants.length;
  return {
    phases,
    done,
    total,
    fraction: total === 0 ? 1 : (done + running / 2) / total,
    counts,
  };
}

/** "3 issues created, 2 already had an issue, 1 failed." — what a finished sync did. */
export function describeOutcome(counts: SyncProgress['counts']): string {
  if (counts.fetched === 0 && counts.created === 0 && counts.failed === 0)
    return 'No new alerts: nothing to create.';
  const parts = [
    `${plural(counts.created, 'issue')} created`,
    ...(counts.duplicates > 0 ? [`${counts.duplicates} already had an issue`] : []),
    ...(counts.suppressed > 0 ? [`${counts.suppressed} suppressed by rules`] : []),
    ...(counts.failed > 0 ? [`${counts.failed} failed (see Failed alerts)`] : []),
    ...(counts.waiting > 0 ? [`${counts.waiting} waiting for Jira's answer to be settled`] : []),
  ];
  return `${parts.join(', ')}.`;
}
