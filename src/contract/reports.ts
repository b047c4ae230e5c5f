/**
 * The report resolver (project page "Alert reports" and the dashboard gadget): names, request
 * and response schemas. On the project page the project comes from the trusted context; the
 * gadget has none, so its request names the project chosen in the gadget's edit view, and the
 * resolver checks that the caller may browse it before reading anything.
 */
import { z } from 'zod';
import { ProjectConfig } from '../core/config';
import { Report } from '../core/reports/model';
import { MAX_BUCKETS, ReportPeriod } from '../core/reports/period';
import { resolverSpec } from './result';

export const REPORT_RESOLVERS = {
  getReport: 'reports.getReport',
  /** Operational health for the settings page's Runs tab (project admins). */
  getOperations: 'reports.getOperations',
} as const;
export type ReportResolverName = (typeof REPORT_RESOLVERS)[keyof typeof REPORT_RESOLVERS];

export const DEFAULT_MALICIOUS_THRESHOLD = 75;

export const ReportRequest = z
  .object({
    /** Only where the surface has no project of its own (the dashboard gadget). */
    projectKey: ProjectConfig.shape.projectKey.optional(),
    period: ReportPeriod,
    buckets: z
      .number()
      .int()
      .min(1)
      .max(Math.max(...Object.values(MAX_BUCKETS))),
    maliciousThreshold: z.number().int().min(0).max(100).default(DEFAULT_MALICIOUS_THRESHOLD),
    /** Skip the cache (the "Refresh" button). */
    refresh: z.boolean().optional(),
  })
  .strict()
  .refine((request) => request.buckets <= MAX_BUCKETS[request.period], {
    error: 'is more buckets than this period allows',
    path: ['buckets'],
  });
export type ReportRequest = z.input<typeof ReportRequest>;

export const ReportView = z
  .object({
    report: Report,
    /** Unix ms when the issues were read from Jira (the report says "as of"). */
    asOf: z.number().int(),
    /** True when the answer came from the few-minute cache. */
    cached: z.boolean(),
    /** True when the range held more issues than one report reads; the figures cover the first. */
    truncated: z.boolean(),
  })
  .strict();
export type ReportView = z.infer<typeof ReportView>;

/** Days of operational health the Runs tab can show (runs are kept 90 days, at most 50). */
export const MAX_OPERATIONS_DAYS = MAX_BUCKETS.day;

export const OperationsRequest = z
  .object({ days: z.number().int().min(1).max(MAX_OPERATIONS_DAYS).default(14) })
  .strict();
export type OperationsRequest = z.input<typeof OperationsRequest>;

const count = z.number().int().nonnegative();

export const OperationsDayView = z
  .object({
    day: z.string(),
    tenants: z.array(
      z
        .object({
          tenantId: z.string(),
          tenantName: z.string(),
          created: count,
          failed: count,
          suppressed: count,
          /** Repeat alerts that joined an open issue as a comment ("group repeats"). */
          grouped: count,
          /** The issue search behind `created` (the issues of this tenant created that day). */
          createdJql: z.string().max(2000),
        })
        .strict(),
    ),
    ipLookups: count,
    /** The issue search behind the day's created issues, every tenant. */
    createdJql: z.string().max(2000),
  })
  .strict();
export type OperationsDayView = z.infer<typeof OperationsDayView>;

export const OperationsView = z
  .object({
    days: z.array(OperationsDayView),
    /** AbuseIPDB checks a day the quota is measured against. */
    dailyLimit: count,
    /** Unix ms of the oldest run still in the history: days before it show no runs. */
    historyFrom: z.number().int().nullable(),
    asOf: z.number().int(),
  })
  .strict();
export type OperationsView = z.infer<typeof OperationsView>;

/** What everyone who can browse the project may call (the report page and the gadget). */
export const browseReportContract = {
  [REPORT_RESOLVERS.getReport]: resolverSpec(ReportRequest, ReportView),
};
/** What only the project's admins may call (the settings page's Runs tab). */
export const operationsContract = {
  [REPORT_RESOLVERS.getOperations]: resolverSpec(OperationsRequest, OperationsView),
};
export const reportContract = { ...browseReportContract, ...operationsContract };
export type ReportContract = typeof reportContract;
export type ReportResponse<N extends ReportResolverName> = z.output<ReportContract[N]['response']>;
