/**
 * Report periods: day, week or month buckets over a range that ends with the bucket holding
 * "now". Buckets are in UTC (weeks start on Monday, as ISO 8601 weeks do): the app runs on
 * servers in UTC and a report must read the same for every viewer. Jira reads the dates of a JQL
 * query in the searching user's time zone, so the linked searches of a viewer far from UTC can
 * shift by the offset at bucket edges; the label says "UTC" so a reader knows.
 */
import { z } from 'zod';

export const REPORT_PERIODS = ['day', 'week', 'month'] as const;
export const ReportPeriod = z.enum(REPORT_PERIODS);
export type ReportPeriod = z.infer<typeof ReportPeriod>;

/**
 * The longest ranges a report accepts: 31 days, 26 weeks, 24 months. Each bucket carries the JQL
 * of its stacks (about 4 KB), and a cached report must fit a Forge KVS value (240 KiB).
 */
export const MAX_BUCKETS: Record<ReportPeriod, number> = { day: 31, week: 26, month: 24 };

export interface Bucket {
  /** Unix ms, inclusive. */
  start: number;
  /** Unix ms, exclusive. */
  end: number;
  /** "2026-11-30", "2026-W48" style weeks are shown by their Monday, "2026-11". */
  label: string;
}

const DAY = 86_400_000;

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** The start of the bucket holding `ms`. */
export function bucketStart(period: ReportPeriod, ms: number): number {
  const day = startOfDay(ms);
  if (period === 'day') return day;
  if (period === 'week') {
    // getUTCDay: 0 = Sunday; ISO weeks start on Monday.
    const weekday = (new Date(day).getUTCDay() + 6) % 7;
    return day - weekday * DAY;
  }
  const date = new Date(day);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextStart(period: ReportPeriod, start: number): number {
  if (period === 'day') return start + DAY;
  if (period === 'week') return start + 7 * DAY;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

function previousStart(period: ReportPeriod, start: number): number {
  return bucketStart(period, start - 1);
}

function label(period: ReportPeriod, start: number): string {
  const iso = new Date(start).toISOString();
  return period === 'month' ? iso.slice(0, 7) : iso.slice(0, 10);
}

/** `count` buckets, oldest first, the last one holding `now`. */
export function reportBuckets(period: ReportPeriod, count: number, now: number): Bucket[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BUCKETS[period]) {
    throw new RangeError(`A ${period} report has 1 to ${MAX_BUCKETS[period]} buckets.`);
  }
  const starts = [bucketStart(period, now)];
  while (starts.length < count) starts.unshift(previousStart(period, starts[0] ?? now));
  return starts.map((start) => ({
    start,
    end: nextStart(period, start),
    label: label(period, start),
  }));
}

/** The index of the bucket holding `ms`, or -1 outside the range (buckets are contiguous). */
export function bucketIndexOf(buckets: readonly Bucket[], ms: number): number {
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  if (!first || !last || ms < first.start || ms >= last.end) return -1;
  let low = 0;
  let high = buckets.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((buckets[middle]?.start ?? 0) <= ms) low = middle;
    else high = middle - 1;
  }
  return low;
}
