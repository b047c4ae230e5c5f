/** The report ranges the surfaces offer, and the gadget's saved configuration. */
import { z } from 'zod';
import { STACK_DIMENSIONS } from '../../../src/contract/domain';
import type { StackDimension } from '../../../src/contract/domain';
import type { ReportPeriod } from '../../../src/contract/domain';

export const RANGES = {
  days30: { period: 'day', buckets: 30, label: 'Last 30 days, by day' },
  weeks12: { period: 'week', buckets: 12, label: 'Last 12 weeks, by week' },
  months12: { period: 'month', buckets: 12, label: 'Last 12 months, by month' },
} as const satisfies Record<string, { period: ReportPeriod; buckets: number; label: string }>;
export type RangeKey = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];

export const STACK_LABELS: Record<StackDimension, string> = {
  severity: 'Severity',
  tenant: 'Tenant',
  category: 'NIST category',
  outcome: 'Triage outcome',
};

export const GadgetConfiguration = z.object({
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,9}$/, 'must be a Jira project key'),
  range: z.enum(RANGE_KEYS as [RangeKey, ...RangeKey[]]).default('weeks12'),
  stack: z.enum(STACK_DIMENSIONS).default('severity'),
});
export type GadgetConfiguration = z.infer<typeof GadgetConfiguration>;
