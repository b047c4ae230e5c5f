/**
 * What a report is made of and what it answers. `ReportIssue` is one Jira issue reduced to what
 * the aggregation needs (read from its fields and the `mcas.alert` / `mcas.enrichment`
 * properties); `Report` is the whole answer the three surfaces show. Both are zod schemas: the
 * report is cached in storage and sent to the UIs.
 */
import { z } from 'zod';
import { SEVERITIES, Severity } from '../model';
import { ReportPeriod } from './period';

export const ReportIssue = z.object({
  key: z.string(),
  /** Unix ms. */
  created: z.number(),
  /** Unix ms of Jira's resolution date, when resolved. */
  resolved: z.number().optional(),
  /** The resolution's name ("Done", "Won't Do", …); absent while unresolved. */
  resolution: z.string().optional(),
  title: z.string(),
  severity: Severity.optional(),
  tenantId: z.string().optional(),
  category: z.string().optional(),
  users: z.array(z.string()),
  /** Public addresses with the abuse score AbuseIPDB gave them. */
  ips: z.array(z.object({ ip: z.string(), score: z.number() })),
  maxAbuseScore: z.number().optional(),
});
export type ReportIssue = z.infer<typeof ReportIssue>;

export const STACK_DIMENSIONS = ['severity', 'tenant', 'category', 'outcome'] as const;
export const StackDimension = z.enum(STACK_DIMENSIONS);
export type StackDimension = z.infer<typeof StackDimension>;

/** One part of a stacked bar, a slice or a table row: what it counts and the search behind it. */
export const Segment = z.object({
  key: z.string().max(300),
  count: z.number().int().nonnegative(),
  jql: z.string().max(2000),
});
export type Segment = z.infer<typeof Segment>;

export const ReportBucket = z.object({
  start: z.number(),
  end: z.number(),
  label: z.string(),
  /** Alerts whose issue was created in the bucket. */
  created: Segment,
  /** Of those, the ones still unresolved now. */
  open: Segment,
  /** Issues resolved in the bucket (by resolution date), whenever created. */
  resolved: Segment,
  stacks: z.record(StackDimension, z.array(Segment)),
  /** Time to resolve of the issues resolved in the bucket, in ms. */
  ttrMedianMs: z.number().nullable(),
  ttrP90Ms: z.number().nullable(),
});
export type ReportBucket = z.infer<typeof ReportBucket>;

export const TopRow = z.object({
  key: z.string().max(300),
  count: z.number().int().nonnegative(),
  /** For IPs: the highest abuse score seen for it in the range. */
  score: z.number().optional(),
  jql: z.string().max(2000),
});
export type TopRow = z.infer<typeof TopRow>;

export const Report = z.object({
  projectKey: z.string(),
  period: ReportPeriod,
  buckets: z.array(ReportBucket),
  /** Every issue created in the range. */
  total: Segment,
  malicious: z.object({
    threshold: z.number().int().min(0).max(100),
    count: z.number().int().nonnegative(),
    /** count / total, 0 when there are no alerts. */
    share: z.number().min(0).max(1),
    jql: z.string().max(2000),
  }),
  top: z.object({
    users: z.array(TopRow),
    titles: z.array(TopRow),
    ips: z.array(TopRow),
  }),
  /** The fixed order of each stack's keys, so colours and legends stay stable across buckets. */
  stackKeys: z.record(StackDimension, z.array(z.string())),
});
export type Report = z.infer<typeof Report>;

export const SEVERITY_ORDER: readonly string[] = [...SEVERITIES].reverse();
