/**
 * Operational health for the settings page's Runs tab: created, failed, suppressed and grouped alerts per
 * day per tenant from the stored run summaries (one row per day and tenant instead of hundreds of
 * run rows), and AbuseIPDB look-ups per day against the plan's daily limit. Days are UTC, as
 * AbuseIPDB's quota resets at midnight UTC.
 */
import type { RunSummary } from '../model';
import { and, createdBetween, jqlString, projectClause } from './jql';
import { bucketIndexOf, reportBuckets } from './period';

export interface OperationsDay {
  day: string;
  tenants: {
    tenantId: string;
    tenantName: string;
    created: number;
    failed: number;
    suppressed: number;
    /** Repeats that joined an open issue as a comment (rule "group repeats"). */
    grouped: number;
  }[];
  /** AbuseIPDB calls made that day (cache hits cost nothing). */
  ipLookups: number;
}

export function operationsByDay(
  runs: readonly RunSummary[],
  options: { days: number; now: number },
): OperationsDay[] {
  const buckets = reportBuckets('day', options.days, options.now);
  const days: OperationsDay[] = buckets.map((bucket) => ({
    day: bucket.label,
    tenants: [],
    ipLookups: 0,
  }));
  for (const run of runs) {
    const day = days[bucketIndexOf(buckets, run.startedAt)];
    if (!day) continue;
    let row = day.tenants.find((tenant) => tenant.tenantId === run.tenantId);
    if (!row) {
      row = {
        tenantId: run.tenantId,
        tenantName: run.tenantName,
        created: 0,
        failed: 0,
        suppressed: 0,
        grouped: 0,
      };
      day.tenants.push(row);
    }
    row.created += run.created;
    row.failed += run.failed;
    row.suppressed += run.suppressed;
    row.grouped += run.grouped;
    day.ipLookups += run.ipLookups;
  }
  for (const day of days) day.tenants.sort((a, b) => a.tenantId.localeCompare(b.tenantId));
  return days;
}

/**
 * AbuseIPDB's free plan: 1,000 checks a day (lookup-limits.ts). The app is never told the plan
 * until a limit header arrives, so the chart measures against this unless a larger plan is known.
 */
export const ABUSEIPDB_FREE_DAILY_LIMIT = 1000;

/** Share of the daily AbuseIPDB limit used (0–1), or undefined when the limit is not known. */
export function quotaUsed(lookups: number, dailyLimit: number | null): number | undefined {
  if (dailyLimit === null || dailyLimit <= 0) return undefined;
  return Math.min(1, lookups / dailyLimit);
}

const DAY_MS = 86_400_000;

/**
 * The issue search behind a day's "created" count, for the whole project or one tenant: the
 * issues the app created that UTC day (`mcasTenant` is the entity-property alias of the tenant).
 */
export function createdOnDayJql(projectKey: string, day: string, tenantId?: string): string {
  const start = Date.parse(`${day}T00:00:00Z`);
  return and(
    projectClause(projectKey),
    tenantId === undefined ? '' : `mcasTenant = ${jqlString(tenantId)}`,
    createdBetween(start, start + DAY_MS),
  );
}
