/**
 * The report use case: a project's report for a period, from the few-minute cache when fresh,
 * otherwise read from Jira and aggregated by the pure core. One answer for the project page,
 * the dashboard gadget and anything else that asks.
 */
import type { ProjectId } from '../../core/config';
import { z } from 'zod';
import type { JiraClient } from '../../clients/jira';
import { buildReport } from '../../core/reports/aggregate';
import { Report } from '../../core/reports/model';
import { reportBuckets } from '../../core/reports/period';
import type { ReportPeriod } from '../../core/reports/period';
import { keys } from '../../core/storage-keys';
import type { Clock, Logger, Store } from '../../ports';
import { readReportIssues } from './report-issues';

/**
 * A report is cached this long per project and variant: Jira's search index is eventually
 * consistent anyway, and a dashboard reloaded by a room of people costs one read, not one each.
 */
export const REPORT_CACHE_SECONDS = 300;

const CachedReport = z.object({ report: Report, asOf: z.number().int(), truncated: z.boolean() });

export interface ReportQuery {
  projectId: ProjectId;
  projectKey: string;
  period: ReportPeriod;
  buckets: number;
  maliciousThreshold: number;
  refresh?: boolean;
}

export interface ProjectReport {
  report: Report;
  asOf: number;
  cached: boolean;
  truncated: boolean;
}

export async function projectReport(
  deps: { jira: JiraClient; store: Store; clock: Clock; logger: Logger },
  query: ReportQuery,
): Promise<ProjectReport> {
  const cacheKey = keys.report(
    query.projectId,
    `${query.period}-${query.buckets}-${query.maliciousThreshold}`,
  );
  if (query.refresh !== true) {
    try {
      const cached = await deps.store.get(cacheKey, CachedReport);
      // The TTL is the store's; the age check also covers a store without TTLs (the sandbox).
      if (cached && deps.clock.now() - cached.asOf < REPORT_CACHE_SECONDS * 1000)
        return { ...cached, cached: true };
    } catch {
      // An entry written by another code version is simply recomputed.
    }
  }
  const asOf = deps.clock.now();
  const buckets = reportBuckets(query.period, query.buckets, asOf);
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  if (!first || !last) throw new RangeError('A report has at least one bucket.');
  const { issues, truncated } = await readReportIssues(deps.jira, query.projectKey, {
    start: first.start,
    end: last.end,
  });
  const report = buildReport(issues, {
    projectKey: query.projectKey,
    period: query.period,
    buckets: query.buckets,
    now: asOf,
    maliciousThreshold: query.maliciousThreshold,
  });
  const answer = { report, asOf, truncated };
  try {
    await deps.store.set(cacheKey, answer, { ttlSeconds: REPORT_CACHE_SECONDS });
  } catch (error) {
    // A report that cannot be cached is still a report.
    deps.logger.warn('report cache write failed', {
      projectKey: query.projectKey,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
  return { ...answer, cached: false };
}
